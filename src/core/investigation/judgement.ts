import type { DisputedTransaction, Finding, Relation, StatementNotice } from './evidence.ts';

/**
 * What a clause evaluator returns: the result and the facts it rested on, named and valued so a screen or
 * a letter can say why ("statement notified 2026-03-01 (email); reported 2026-05-02 = day 62").
 * Everything here is plain JSON (instants as ISO 8601 UTC strings, calendar dates as JST `YYYY-MM-DD`), so
 * an evaluation can be stored as it was shown and read back unchanged.
 */
export type ClauseResult = 'applies' | 'does_not_apply' | 'undetermined';

export interface Judgement<F = EvidenceFact> {
  result: ClauseResult;
  facts: F[];
}

/** Which disputed purchase a fact is about. */
export interface TransactionRef {
  acsTransId: string;
  merchantName: string | undefined;
}

/** A fact about an investigator's answer to question `Q`. */
export type AnswerFact<Q extends string> =
  | { name: 'finding'; question: Q; value: Finding }
  /** A reasoned question (art. 5-3-9): the written reason of a `yes`, or that it is missing. */
  | { name: 'objective_reason'; reason: string }
  | { name: 'objective_reason_missing' };

/** A fact taken from the gathered evidence. */
export type EvidenceFact =
  | {
      name: 'cooperation_request';
      state: 'answered' | 'overdue' | 'open';
      askedAt: string;
      dueOn: string;
      answeredAt: string | undefined;
      /** The JST date the request was judged on (`CaseFacts.now`). */
      today: string;
    }
  | { name: 'no_cooperation_requests' }
  | {
      name: 'statement_window';
      transaction: TransactionRef;
      transactionDate: string;
      noticeDate: string;
      channel: StatementNotice['channel'];
      reportedOn: string;
      /** Calendar days from the notice to the report; day 60 is the last day in time (art. 5-3-5). */
      day: number;
    }
  | { name: 'no_statement_notice'; transaction: TransactionRef; transactionDate: string }
  | { name: 'transaction_date_unknown'; transaction: TransactionRef }
  | { name: 'delivery_address'; transaction: TransactionRef; value: DisputedTransaction['deliveryAddress'] }
  | { name: 'origin'; transaction: TransactionRef; value: Relation }
  | {
      name: 'disaster_period';
      transaction: TransactionRef;
      at: string;
      period: { name: string; startsAt: string; endsAt: string };
    }
  | { name: 'no_disaster_periods' }
  /** The member's own passkey approved the purchase: strong evidence where a clause asks whose doing it was. */
  | {
      name: 'passkey_approval';
      transaction: TransactionRef;
      passkeyName: string;
      registeredAt: string;
      approvedAt: string;
    }
  | { name: 'no_transactions' }
  /** A date string in the facts that is not a real `YYYY-MM-DD` date: the clause cannot be decided on it. */
  | { name: 'invalid_date'; field: 'noticeDate' | 'dueOn'; value: string };

export function transactionRef(t: DisputedTransaction): TransactionRef {
  return { acsTransId: t.acsTransId, merchantName: t.merchantName };
}

/** ISO 8601 UTC; never throws (an invalid `Date` would make `toISOString` throw). */
export function isoInstant(at: Date): string {
  return Number.isNaN(at.getTime()) ? 'invalid' : at.toISOString();
}

/**
 * Combines per-transaction results: one that applies is enough (art. 5-3 lists exceptions, any one
 * suffices); otherwise one that cannot be decided leaves the clause undetermined.
 */
export function combine(results: readonly ClauseResult[]): ClauseResult {
  if (results.includes('applies')) return 'applies';
  if (results.includes('undetermined')) return 'undetermined';
  return 'does_not_apply';
}
