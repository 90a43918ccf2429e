import type { CaseEvidence, CooperationRequest } from './evidence.ts';
import { isCalendarDate, jstDateOf } from './jst-date.ts';
import { type EvidenceFact, isoInstant, type Judgement } from './judgement.ts';

type RequestState = 'answered' | 'overdue' | 'open';

/**
 * Terms art. 5-3-3: the member does not cooperate with the investigation. A request is overdue only from
 * the JST day after its due date (the due date itself is the last day to answer). An answer, even a late
 * one, is cooperation; a request still within its time says nothing yet.
 */
export function nonCooperation(facts: CaseEvidence): Judgement {
  const requests = facts.cooperationRequests;
  if (requests.length === 0) {
    return { result: 'does_not_apply', facts: [{ name: 'no_cooperation_requests' }] };
  }
  const invalid: EvidenceFact[] = requests
    .filter((r) => !isCalendarDate(r.dueOn))
    .map((r) => ({ name: 'invalid_date', field: 'dueOn', value: r.dueOn }));
  if (invalid.length > 0) return { result: 'undetermined', facts: invalid };

  const today = jstDateOf(facts.now);
  const judged = requests.map((r) => requestFact(r, requestState(r, today), today));
  const having = (state: RequestState) => judged.filter((f) => f.state === state);
  if (having('overdue').length > 0) return { result: 'applies', facts: having('overdue') };
  if (having('open').length > 0) return { result: 'undetermined', facts: having('open') };
  return { result: 'does_not_apply', facts: judged };
}

function requestState(r: CooperationRequest, today: string): RequestState {
  if (r.answeredAt !== undefined) return 'answered';
  // Both are valid `YYYY-MM-DD`: string order is date order.
  return today > r.dueOn ? 'overdue' : 'open';
}

function requestFact(r: CooperationRequest, state: RequestState, today: string) {
  return {
    name: 'cooperation_request',
    state,
    askedAt: isoInstant(r.askedAt),
    dueOn: r.dueOn,
    answeredAt: r.answeredAt === undefined ? undefined : isoInstant(r.answeredAt),
    today,
  } satisfies EvidenceFact;
}
