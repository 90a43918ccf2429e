import type { CaseEvidence, DisputedTransaction } from './evidence.ts';
import { isValidInstant } from './jst-date.ts';
import {
  type ClauseResult,
  combine,
  type EvidenceFact,
  isoInstant,
  type Judgement,
  transactionRef,
} from './judgement.ts';

/** Art. 5-3-6: evidence pointing to these places means the purchase was the member's side's own. */
const CLOSE_TO_MEMBER = new Set<string>(['member', 'related_person']);

/**
 * Terms art. 5-3-6: goods delivered to the member's or a related person's address, or the browser IP /
 * calling number belonging to their home or workplace. One such piece of evidence on any disputed
 * purchase is enough; every piece must be known to rule the clause out.
 */
export function deliveryOrOrigin(facts: CaseEvidence): Judgement {
  if (facts.transactions.length === 0) return { result: 'does_not_apply', facts: [{ name: 'no_transactions' }] };
  const judged = facts.transactions.flatMap((t) => {
    const transaction = transactionRef(t);
    const delivery: EvidenceFact = { name: 'delivery_address', transaction, value: t.deliveryAddress };
    const origin: EvidenceFact = { name: 'origin', transaction, value: t.origin };
    return [
      { result: relationResult(t.deliveryAddress), fact: delivery },
      { result: relationResult(t.origin), fact: origin },
    ];
  });
  const result = combine(judged.map((j) => j.result));
  const cited = result === 'does_not_apply' ? judged : judged.filter((j) => j.result === result);
  return { result, facts: cited.map((j) => j.fact) };
}

function relationResult(value: DisputedTransaction['deliveryAddress']): ClauseResult {
  if (CLOSE_TO_MEMBER.has(value)) return 'applies';
  return value === 'unknown' ? 'undetermined' : 'does_not_apply';
}

/**
 * Terms art. 5-3-8: misuse during war, earthquake or similar severe social disorder, as declared in the
 * console. A period covers purchases from its start (inclusive) to its end (exclusive). A purchase with
 * no known date might fall in a declared period, so it leaves the clause open while periods exist.
 */
export function socialDisorder(facts: CaseEvidence): Judgement {
  const periods = facts.disasterPeriods;
  if (periods.length === 0) return { result: 'does_not_apply', facts: [{ name: 'no_disaster_periods' }] };
  const judged = facts.transactions.map((t): { result: ClauseResult; fact: EvidenceFact | undefined } => {
    const transaction = transactionRef(t);
    const at = t.at;
    if (at === undefined || !isValidInstant(at)) {
      return { result: 'undetermined', fact: { name: 'transaction_date_unknown', transaction } };
    }
    const period = periods.find((p) => p.startsAt.getTime() <= at.getTime() && at.getTime() < p.endsAt.getTime());
    if (!period) return { result: 'does_not_apply', fact: undefined };
    const declared = { name: period.name, startsAt: isoInstant(period.startsAt), endsAt: isoInstant(period.endsAt) };
    return { result: 'applies', fact: { name: 'disaster_period', transaction, at: isoInstant(at), period: declared } };
  });
  const result = combine(judged.map((j) => j.result));
  const cited = judged.filter((j) => j.result === result).flatMap((j) => (j.fact ? [j.fact] : []));
  return { result, facts: cited };
}
