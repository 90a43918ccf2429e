import { ServiceError } from '../../../core/errors.ts';
import type { Db } from '../../../storage/database.ts';

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

export async function searchTransactions(db: Db, q: TransactionQuery) {
  let query = db
    .selectFrom('transactions')
    .select([
      'acs_trans_id',
      'created_at',
      'merchant_name',
      'state',
      'trans_status',
      'trans_status_reason',
      'eci',
      'purchase_amount',
      'purchase_currency',
      'enet_id',
      'card_ref',
    ]);
  if (q.from) query = query.where('created_at', '>=', q.from);
  if (q.to) query = query.where('created_at', '<', q.to);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.merchant) query = query.where('merchant_name', '=', q.merchant);
  if (q.cardRef) query = query.where('card_ref', '=', q.cardRef);
  if (q.id) {
    const id = q.id.trim();
    query = query.where((eb) =>
      eb.or([
        ...(UUID.test(id) ? [eb('acs_trans_id', '=', id)] : []),
        eb('three_ds_server_trans_id', '=', id),
        eb('ds_trans_id', '=', id),
      ]),
    );
  }
  return query.orderBy('created_at', 'desc').limit(100).execute();
}

/** The transaction page: state timeline, messages (bodies were masked when logged), SMS, RReq delivery. */
export async function transactionFile(db: Db, acsTransId: string) {
  if (!UUID.test(acsTransId)) throw new ServiceError('not_found', 'no such transaction');
  const txn = await db
    .selectFrom('transactions')
    .select([
      'acs_trans_id',
      'three_ds_server_trans_id',
      'ds_trans_id',
      'message_version',
      'device_channel',
      'message_category',
      'enet_id',
      'card_ref',
      'state',
      'trans_status',
      'trans_status_reason',
      'eci',
      'cavv',
      'challenge_cancel',
      'merchant_name',
      'purchase_amount',
      'purchase_currency',
      'purchase_exponent',
      'otp_sends',
      'otp_failures',
      'created_at',
      'updated_at',
    ])
    .where('acs_trans_id', '=', acsTransId)
    .executeTakeFirst();
  if (!txn) throw new ServiceError('not_found', 'no such transaction');
  const [events, messages, sms, jobs] = await Promise.all([
    db.selectFrom('transaction_events').selectAll().where('acs_trans_id', '=', acsTransId).orderBy('id').execute(),
    db
      .selectFrom('messages')
      .select(['id', 'direction', 'message_type', 'body', 'created_at'])
      .select((eb) => eb('personal_enc', 'is not', null).as('sealed'))
      .where('acs_trans_id', '=', acsTransId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('sms_messages')
      .select(['id', 'to_masked', 'purpose', 'provider', 'status', 'error', 'created_at', 'updated_at'])
      .where('acs_trans_id', '=', acsTransId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('jobs')
      .select(['id', 'status', 'attempts', 'run_at', 'last_error', 'done_at'])
      .where('kind', '=', 'rreq')
      .where(({ ref, eb }) => eb(ref('payload', '->>').key('acsTransID'), '=', acsTransId))
      .execute(),
  ]);
  const attempts =
    jobs.length === 0
      ? []
      : await db
          .selectFrom('job_attempts')
          .selectAll()
          .where(
            'job_id',
            'in',
            jobs.map((j) => j.id),
          )
          .orderBy('id')
          .execute();
  return { txn, events, messages, sms, jobs, attempts };
}

export type TransactionFile = Awaited<ReturnType<typeof transactionFile>>;
