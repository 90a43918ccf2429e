/**
 * The facts a fraud investigation (terms art. 5-3) decides on: what the liability engine reads. Gathered
 * evidence (authentication records, statement notices, disaster periods) and investigators' findings are
 * mapped to this shape by the case services; the engine never reads storage. All instants are `Date`s;
 * calendar dates are `YYYY-MM-DD` strings in Japan time.
 */

/** An investigator's answer to a yes/no question; `unknown` until someone has found out. */
export type Finding = 'yes' | 'no' | 'unknown';

/** Whose place or number a piece of evidence points to (art. 5-3-6). */
export type Relation = 'member' | 'related_person' | 'unrelated' | 'unknown';

/** The nine exceptions of art. 5-3, in the order the terms list them. */
export const CLAUSES = ['5-3-1', '5-3-2', '5-3-3', '5-3-4', '5-3-5', '5-3-6', '5-3-7', '5-3-8', '5-3-9'] as const;
export type ClauseId = (typeof CLAUSES)[number];

export interface DisputedTransaction {
  acsTransId: string;
  /** When the purchase was authenticated; undefined for a phone/branch report about a purchase we never saw. */
  at: Date | undefined;
  merchantName: string | undefined;
  /** Art. 5-3-6, recorded by the investigator: whose address the goods went to (`unknown` when not yet known). */
  deliveryAddress: Relation | 'not_applicable';
  /** Art. 5-3-6: whose home or workplace the browser IP (or originating phone number) belongs to. */
  origin: Relation;
}

export interface StatementNotice {
  /** The date the issuer notified the statement (issuer API, art. 5-3-5). */
  noticeDate: string;
  channel: 'email' | 'post';
}

export interface CooperationRequest {
  askedAt: Date;
  /** The date by which the member was asked to answer (Japan time). */
  dueOn: string;
  answeredAt: Date | undefined;
}

export interface DisasterPeriod {
  /** Art. 5-3-8: war, earthquake or similar severe social disorder, declared in the console. */
  name: string;
  startsAt: Date;
  endsAt: Date;
}

export interface CaseFacts {
  /** When the member reported the misuse (art. 5-2); art. 5-3-5 counts from the statement notice to this. */
  reportedAt: Date;
  /** "Today" for deadlines such as a cooperation request's due date. */
  now: Date;
  transactions: readonly DisputedTransaction[];
  statementNotices: readonly StatementNotice[];
  cooperationRequests: readonly CooperationRequest[];
  disasterPeriods: readonly DisasterPeriod[];
  /** Art. 5-3-1: credentials let to a third party, disclosed, leaked, or not kept with due care. */
  credentialsMishandled: Finding;
  /** Art. 5-3-2: used by the member, family, household or another related person. */
  usedByRelatedPerson: Finding;
  /** Art. 5-3-4: the member's report contains falsehoods. */
  falseStatement: Finding;
  /** Art. 5-3-7: caused by a fault, breakdown or misoperation of the member's phone, or a communication failure. */
  deviceOrNetworkFault: Finding;
  /** Art. 5-3-9: otherwise judged, on objective facts, to be the member's own use; the reason is required for `yes`. */
  objectiveMemberUse: { finding: Finding; reason: string | undefined };
  /** Art. 5-3 main text: waived only when the member is found not at fault (`no` = not at fault). */
  memberAtFault: Finding;
}
