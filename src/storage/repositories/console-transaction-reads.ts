import type { Executor } from '../database.ts';

/**
 * What the console reads about transactions (src/features/console/service/transactions.ts): search, and the
 * transaction page's state timeline, logged messages (bodies masked when logged), SMS and RReq delivery.
 * Reads only: the transaction aggregate owns every write.
 */

export interface TransactionSearch {
  from?: Date | undefined;
  to?: Date | undefined;
  state?: string | undefined;
  merchant?: string | undefined;
  cardRef?: string | undefined;
  /** Matches threeDSServerTransID or dsTransID, and acsTransID when `idIsUuid`. */
  id?: string | undefined;
  idIsUuid?: boolean;
}

export async function searchTransactionRows(db: Executor, q: TransactionSearch, limit: number) {
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
      'purchase_exponent',
      'enet_id',
      'card_ref',
    ]);
  if (q.from) query = query.where('created_at', '>=', q.from);
  if (q.to) query = query.where('created_at', '<', q.to);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.merchant) query = query.where('merchant_name', '=', q.merchant);
  if (q.cardRef) query = query.where('card_ref', '=', q.cardRef);
  const id = q.id;
  if (id !== undefined) {
    query = query.where((eb) =>
      eb.or([
        ...(q.idIsUuid ? [eb('acs_trans_id', '=', id)] : []),
        eb('three_ds_server_trans_id', '=', id),
        eb('ds_trans_id', '=', id),
      ]),
    );
  }
  return query.orderBy('created_at', 'desc').limit(limit).execute();
}

export async function findTransactionDetail(db: Executor, acsTransId: string) {
  return db
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
      'risk_score',
      'risk_decision',
      'risk_rule',
      'risk_reasons',
      'risk_policy_version',
    ])
    .where('acs_trans_id', '=', acsTransId)
    .executeTakeFirst();
}

export async function transactionEventRows(db: Executor, acsTransId: string) {
  return db
    .selectFrom('transaction_event_log')
    .selectAll()
    .where('acs_trans_id', '=', acsTransId)
    .orderBy('id')
    .execute();
}

/** The logged messages of a transaction; `sealed` says whether cardholder fields were sealed away. */
export async function messageLogRows(db: Executor, acsTransId: string) {
  return db
    .selectFrom('message_log')
    .select(['id', 'direction', 'message_type', 'body', 'created_at'])
    .select((eb) => eb('personal_enc', 'is not', null).as('sealed'))
    .where('acs_trans_id', '=', acsTransId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One logged message of the transaction, with its sealed cardholder fields. */
export async function sealedMessage(db: Executor, acsTransId: string, messageId: string) {
  return db
    .selectFrom('message_log')
    .select(['id', 'message_type', 'personal_enc'])
    .where('id', '=', messageId)
    .where('acs_trans_id', '=', acsTransId)
    .executeTakeFirst();
}

export async function smsRowsOf(db: Executor, acsTransId: string) {
  return db
    .selectFrom('sms_messages')
    .select(['id', 'to_masked', 'purpose', 'provider', 'status', 'error', 'created_at', 'updated_at'])
    .where('acs_trans_id', '=', acsTransId)
    .orderBy('created_at')
    .execute();
}

/** The RReq delivery jobs of a transaction and each of their attempts. */
export async function rreqJobsOf(db: Executor, acsTransId: string) {
  const jobs = await db
    .selectFrom('jobs')
    .select(['id', 'status', 'attempts', 'run_at', 'last_error', 'done_at'])
    .where('kind', '=', 'rreq')
    .where(({ ref, eb }) => eb(ref('payload', '->>').key('acsTransID'), '=', acsTransId))
    .execute();
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
  return { jobs, attempts };
}
