import type { Executor } from '../../../storage/database.ts';
import { memberTransactions as memberTransactionRows } from '../../../storage/repositories/portal-reads.ts';
import { HISTORY_PAGE_SIZE } from './policy.ts';

/** How an authentication ended, in the member's terms. */
export type HistoryOutcome = 'authenticated' | 'failed' | 'cancelled' | 'timed_out' | 'in_progress' | 'not_challenged';

export interface HistoryItem {
  acsTransID: string;
  at: Date;
  merchantName: string;
  amount: string | null;
  currency: string | null;
  exponent: string | null;
  outcome: HistoryOutcome;
}

export interface HistoryPage {
  items: HistoryItem[];
  page: number;
  hasNext: boolean;
}

export function outcomeOf(t: {
  state: string;
  trans_status: string | null;
  trans_status_reason: string | null;
  challenge_cancel: string | null;
  authentication_type: string | null;
}): HistoryOutcome {
  if (t.state === 'challenge_issued' || t.state === 'challenge_in_progress' || t.state === 'created')
    return 'in_progress';
  if (t.trans_status === 'Y') return 'authenticated';
  if (t.authentication_type === null) return 'not_challenged';
  if (t.challenge_cancel === '01') return 'cancelled';
  if (t.trans_status_reason === '14') return 'timed_out';
  return 'failed';
}

/** The member's authentications, newest first, one page at a time (page 1 = newest). */
export async function listHistory(db: Executor, enetId: string, page: number): Promise<HistoryPage> {
  const safePage = Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
  const items = await memberTransactions(db, enetId, HISTORY_PAGE_SIZE + 1, (safePage - 1) * HISTORY_PAGE_SIZE);
  return { page: safePage, hasNext: items.length > HISTORY_PAGE_SIZE, items: items.slice(0, HISTORY_PAGE_SIZE) };
}

/** The newest authentications, for choosing which ones a fraud report names. */
export function recentTransactions(db: Executor, enetId: string, limit: number): Promise<HistoryItem[]> {
  return memberTransactions(db, enetId, limit, 0);
}

async function memberTransactions(db: Executor, enetId: string, limit: number, offset: number): Promise<HistoryItem[]> {
  const rows = await memberTransactionRows(db, enetId, { limit, offset });
  return rows.map((r) => ({
    acsTransID: r.acs_trans_id,
    at: new Date(r.created_at),
    merchantName: r.merchant_name ?? '',
    amount: r.purchase_amount,
    currency: r.purchase_currency,
    exponent: r.purchase_exponent,
    outcome: outcomeOf(r),
  }));
}
