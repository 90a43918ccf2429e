import type { CaseEvidence, DisputedTransaction, StatementNotice } from './evidence.ts';
import { daysBetween, isCalendarDate, isValidInstant, jstDateOf } from './jst-date.ts';
import { type ClauseResult, combine, type EvidenceFact, type Judgement, transactionRef } from './judgement.ts';

/** Terms art. 5-3-5: the report must reach the issuer within 60 days after the statement notice. */
const REPORT_WINDOW_DAYS = 60;

/**
 * Terms art. 5-3-5, per disputed purchase: the notice covering it is the first statement notified on or
 * after the purchase's JST date. Counting calendar days in Japan time from that notice to the report,
 * day 60 is still in time and day 61 is late. A purchase no statement has covered yet cannot be reported
 * late; a purchase whose date is unknown cannot be placed on a statement at all.
 */
export function lateReport(facts: CaseEvidence): Judgement {
  if (facts.transactions.length === 0) return { result: 'does_not_apply', facts: [{ name: 'no_transactions' }] };
  const invalid: EvidenceFact[] = facts.statementNotices
    .filter((n) => !isCalendarDate(n.noticeDate))
    .map((n) => ({ name: 'invalid_date', field: 'noticeDate', value: n.noticeDate }));
  if (invalid.length > 0) return { result: 'undetermined', facts: invalid };

  const notices = [...facts.statementNotices].sort((a, b) => a.noticeDate.localeCompare(b.noticeDate));
  const reportedOn = jstDateOf(facts.reportedAt);
  const judged = facts.transactions.map((t) => judgeTransaction(t, notices, reportedOn));
  const result = combine(judged.map((j) => j.result));
  // Cite only what decided the clause: the late purchases, or the ones that could not be placed.
  const cited = result === 'does_not_apply' ? judged : judged.filter((j) => j.result === result);
  return { result, facts: cited.map((j) => j.fact) };
}

function judgeTransaction(
  t: DisputedTransaction,
  notices: readonly StatementNotice[],
  reportedOn: string,
): { result: ClauseResult; fact: EvidenceFact } {
  const transaction = transactionRef(t);
  if (t.at === undefined || !isValidInstant(t.at)) {
    return { result: 'undetermined', fact: { name: 'transaction_date_unknown', transaction } };
  }
  const transactionDate = jstDateOf(t.at);
  // Valid `YYYY-MM-DD` strings: string order is date order.
  const notice = notices.find((n) => n.noticeDate >= transactionDate);
  if (!notice) {
    return { result: 'does_not_apply', fact: { name: 'no_statement_notice', transaction, transactionDate } };
  }
  const day = daysBetween(notice.noticeDate, reportedOn);
  return {
    result: day > REPORT_WINDOW_DAYS ? 'applies' : 'does_not_apply',
    fact: {
      name: 'statement_window',
      transaction,
      transactionDate,
      noticeDate: notice.noticeDate,
      channel: notice.channel,
      reportedOn,
      day,
    },
  };
}
