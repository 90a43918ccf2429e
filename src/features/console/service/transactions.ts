import { ServiceError } from '../../../core/errors.ts';
import type { Executor } from '../../../storage/database.ts';
import {
  findTransactionDetail,
  messageLogRows,
  rreqJobsOf,
  searchTransactionRows,
  smsRowsOf,
  transactionEventRows,
} from '../../../storage/repositories/console-transaction-reads.ts';

export interface TransactionQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  state?: string | undefined;
  merchant?: string | undefined;
  /** acsTransID, threeDSServerTransID or dsTransID. */
  id?: string | undefined;
  cardRef?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function searchTransactions(db: Executor, q: TransactionQuery) {
  const id = q.id ? q.id.trim() : undefined;
  return searchTransactionRows(db, { ...q, id, idIsUuid: id !== undefined && UUID.test(id) }, 100);
}

/** The transaction page: state timeline, messages (bodies were masked when logged), SMS, RReq delivery. */
export async function transactionFile(db: Executor, acsTransId: string) {
  if (!UUID.test(acsTransId)) throw new ServiceError('not_found', 'no such transaction');
  const txn = await findTransactionDetail(db, acsTransId);
  if (!txn) throw new ServiceError('not_found', 'no such transaction');
  const [events, messages, sms, { jobs, attempts }] = await Promise.all([
    transactionEventRows(db, acsTransId),
    messageLogRows(db, acsTransId),
    smsRowsOf(db, acsTransId),
    rreqJobsOf(db, acsTransId),
  ]);
  return { txn, events, messages, sms, jobs, attempts };
}

export type TransactionFile = Awaited<ReturnType<typeof transactionFile>>;
