/**
 * What a fraud investigation (terms art. 5-3) knows before anyone answers a question: the disputed
 * purchases, statement notices, cooperation requests and declared disaster periods, gathered by the case
 * services (the engine never reads storage). All instants are `Date`s; calendar dates are `YYYY-MM-DD`
 * strings in Japan time.
 */

/** An investigator's answer to a yes/no question; `unknown` until someone has found out. */
export type Finding = 'yes' | 'no' | 'unknown';

/** Whose place or number a piece of evidence points to (art. 5-3-6). */
export type Relation = 'member' | 'related_person' | 'unrelated' | 'unknown';

export interface DisputedTransaction {
  acsTransId: string;
  /** When the purchase was authenticated; undefined for a phone/branch report about a purchase we never saw. */
  at: Date | undefined;
  merchantName: string | undefined;
  /** Art. 5-3-6, recorded by the investigator: whose address the goods went to (`unknown` when not yet known). */
  deliveryAddress: Relation | 'not_applicable';
  /** Art. 5-3-6: whose home or workplace the browser IP (or originating phone number) belongs to. */
  origin: Relation;
  /** The member's passkey approved the purchase (docs/passkeys.md): user verification, bound to our origin. */
  passkeyApproval?: PasskeyApproval | undefined;
}

export interface PasskeyApproval {
  /** The name the member gave the passkey when registering it. */
  name: string;
  registeredAt: Date;
  approvedAt: Date;
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

/** The evidence part of a case's facts; the answers to the investigator's questions are the rest (facts.ts). */
export interface CaseEvidence {
  /** When the member reported the misuse (art. 5-2); art. 5-3-5 counts from the statement notice to this. */
  reportedAt: Date;
  /** "Today" for deadlines such as a cooperation request's due date. */
  now: Date;
  transactions: readonly DisputedTransaction[];
  statementNotices: readonly StatementNotice[];
  cooperationRequests: readonly CooperationRequest[];
  disasterPeriods: readonly DisasterPeriod[];
}
