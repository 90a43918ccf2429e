import { sql } from 'kysely';
import { scrubText } from '../../../infra/crypto/mask.ts';
import { newId } from '../../../infra/ids.ts';
import type { Db } from '../../../storage/database.ts';
import { termsInForceOn } from '../../terms/service/versions.ts';
import type {
  EvidenceSnapshot,
  MessageEvidence,
  PhoneEvidence,
  TermsEvidence,
  TransactionEvidence,
} from './evidence-types.ts';

/** AReq/ARes/RReq members an investigator needs (art. 5-3-6: shipping address, browser); nothing else is copied. */
const MESSAGE_FIELDS = [
  'messageVersion',
  'messageCategory',
  'deviceChannel',
  'acctNumber',
  'merchantName',
  'mcc',
  'purchaseAmount',
  'purchaseCurrency',
  'purchaseDate',
  'browserIP',
  'browserUserAgent',
  'browserLanguage',
  'shipAddrLine1',
  'shipAddrLine2',
  'shipAddrCity',
  'shipAddrState',
  'shipAddrPostCode',
  'shipAddrCountry',
  'addrMatch',
  'transStatus',
  'transStatusReason',
  'eci',
  'authenticationType',
  'acsChallengeMandated',
  'challengeCancel',
  'interactionCounter',
] as const;

/** The CAVV is a cryptogram, not card data, but a screen needs only enough of it to compare with the DS's. */
function maskCavv(cavv: string | null): string | null {
  if (!cavv) return null;
  return cavv.length <= 8 ? '****' : `${cavv.slice(0, 4)}…${cavv.slice(-4)}`;
}

function pick(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of MESSAGE_FIELDS) {
    const v = body[key];
    // Masked when logged (PAN); scrubbed here too, so no phone-like digit run reaches a screen.
    if (typeof v === 'string') out[key] = scrubText(v.slice(0, 512));
  }
  return out;
}

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

async function transactionEvidence(db: Db, acsTransId: string): Promise<TransactionEvidence | undefined> {
  const t = await db.selectFrom('transactions').selectAll().where('acs_trans_id', '=', acsTransId).executeTakeFirst();
  if (!t) return undefined;
  const [events, messages, codes, sms, method] = await Promise.all([
    db.selectFrom('transaction_events').selectAll().where('acs_trans_id', '=', acsTransId).orderBy('id').execute(),
    db
      .selectFrom('messages')
      .select(['direction', 'message_type', 'body', 'created_at'])
      .where('acs_trans_id', '=', acsTransId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('otp_codes')
      .select(['created_at', 'expires_at', 'used_at', 'superseded_at'])
      .where('purpose', '=', 'purchase')
      .where('subject', '=', acsTransId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('sms_messages')
      .select(['to_masked', 'status', 'provider', 'error', 'created_at', 'updated_at'])
      .where('acs_trans_id', '=', acsTransId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('method_data')
      .select(['data', 'created_at'])
      .where('three_ds_server_trans_id', '=', t.three_ds_server_trans_id)
      .executeTakeFirst(),
  ]);
  return {
    acsTransId,
    at: t.created_at.toISOString(),
    merchantName: t.merchant_name,
    amount: t.purchase_amount,
    currency: t.purchase_currency,
    exponent: t.purchase_exponent,
    messageVersion: t.message_version,
    deviceChannel: t.device_channel,
    state: t.state,
    transStatus: t.trans_status,
    transStatusReason: t.trans_status_reason,
    eci: t.eci,
    cavv: maskCavv(t.cavv),
    authenticationType: t.authentication_type,
    challengeCancel: t.challenge_cancel,
    browserIp: t.browser_ip,
    browserUserAgent: t.browser_user_agent,
    browserLanguage: t.browser_language,
    otpSends: t.otp_sends,
    otpFailures: t.otp_failures,
    events: events.map((e) => ({ at: iso(e.at) ?? '', from: e.from_state, to: e.to_state, detail: e.detail })),
    messages: messages.map(
      (m): MessageEvidence => ({
        at: iso(m.created_at) ?? '',
        direction: m.direction,
        type: m.message_type,
        fields: pick(m.body),
      }),
    ),
    otpCodes: codes.map((c) => ({
      createdAt: iso(c.created_at) ?? '',
      expiresAt: iso(c.expires_at) ?? '',
      usedAt: iso(c.used_at),
      supersededAt: iso(c.superseded_at),
    })),
    sms: sms.map((s) => ({
      at: iso(s.created_at) ?? '',
      toMasked: s.to_masked,
      status: s.status,
      provider: s.provider,
      error: s.error === null ? null : scrubText(s.error),
      updatedAt: iso(s.updated_at) ?? '',
    })),
    device: method ? deviceOf(method.data, method.created_at) : null,
  };
}

/** What the 3DS Method recorded about the browser (src/protocol/exchanges/method.ts): headers and the device facts. */
function deviceOf(data: Record<string, unknown>, at: Date): TransactionEvidence['device'] {
  const flat: Record<string, string> = {};
  const walk = (prefix: string, value: unknown, depth: number) => {
    if (depth > 2 || Object.keys(flat).length >= 40) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v, depth + 1);
    } else if (value !== undefined) {
      flat[prefix] = scrubText(String(value).slice(0, 256));
    }
  };
  walk('', data, 0);
  return { recordedAt: at.toISOString(), facts: flat };
}

async function phoneEvidence(db: Db, enetId: string): Promise<EvidenceSnapshot['phone']> {
  const [bindings, changes] = await Promise.all([
    db
      .selectFrom('phone_bindings')
      .select(['phone_masked', 'verified_by', 'bound_by', 'bound_at', 'unbound_at', 'unbound_reason'])
      .where('enet_id', '=', enetId)
      .orderBy('bound_at', 'desc')
      .limit(10)
      .execute(),
    db
      .selectFrom('phone_changes')
      .select(['changed_at', 'cooldown_until'])
      .where('enet_id', '=', enetId)
      .orderBy('changed_at', 'desc')
      .limit(10)
      .execute(),
  ]);
  const history = bindings.map(
    (b): PhoneEvidence => ({
      masked: b.phone_masked,
      verifiedBy: b.verified_by,
      boundBy: b.bound_by,
      boundAt: iso(b.bound_at) ?? '',
      unboundAt: iso(b.unbound_at),
      unboundReason: b.unbound_reason,
    }),
  );
  return {
    current: history.find((b) => b.unboundAt === null) ?? null,
    history,
    changes: changes.map((c) => ({ changedAt: iso(c.changed_at) ?? '', cooldownUntil: iso(c.cooldown_until) ?? '' })),
  };
}

async function termsEvidence(db: Db, enetId: string, at: Date, key: string): Promise<TermsEvidence> {
  const version = await termsInForceOn(db, at);
  if (!version) return { transaction: key, at: at.toISOString(), version: null, effectiveAt: null, acceptedAt: null };
  const consent = await db
    .selectFrom('terms_consents')
    .select('accepted_at')
    .where('enet_id', '=', enetId)
    .where('terms_version_id', '=', version.id)
    .executeTakeFirst();
  return {
    transaction: key,
    at: at.toISOString(),
    version: version.version,
    effectiveAt: iso(version.effective_at),
    acceptedAt: iso(consent?.accepted_at),
  };
}

/**
 * Gathers the evidence of a case from what the ACS recorded (issue #8 §2), in the caller's transaction: per
 * disputed purchase the authentication record, messages (selected members, masked), code and SMS trail and
 * 3DS Method device data; for the member the phone bindings and changes, lost/stolen reports, statement
 * notices, and the terms in force on each purchase date with the member's acceptance. Phones stay masked.
 */
export async function gatherEvidence(trx: Db, enetId: string, caseId: string, at: Date): Promise<EvidenceSnapshot> {
  const disputed = await trx
    .selectFrom('investigation_transactions')
    .select(['id', 'acs_trans_id', 'purchased_at'])
    .where('case_id', '=', caseId)
    .orderBy('purchased_at')
    .orderBy('id')
    .execute();
  const transactions: TransactionEvidence[] = [];
  const terms: TermsEvidence[] = [];
  for (const d of disputed) {
    const found = d.acs_trans_id ? await transactionEvidence(trx, d.acs_trans_id) : undefined;
    if (found) transactions.push(found);
    const when = found ? new Date(found.at) : d.purchased_at;
    if (when) terms.push(await termsEvidence(trx, enetId, when, d.acs_trans_id ?? d.id));
  }
  const [phone, lostStolen, notices] = await Promise.all([
    phoneEvidence(trx, enetId),
    trx
      .selectFrom('enrollment_events')
      .select(['at', 'from_state', 'to_state', 'reason', 'actor'])
      .where('enet_id', '=', enetId)
      .where((eb) => eb.or([eb('reason', '=', 'lost_stolen'), eb('from_state', '=', 'locked')]))
      .orderBy('at')
      .execute(),
    trx
      .selectFrom('statement_notices')
      .select([sql<string>`to_char(notice_date, 'YYYY-MM-DD')`.as('notice_date'), 'channel'])
      .where('enet_id', '=', enetId)
      .orderBy('notice_date')
      .execute(),
  ]);
  return {
    gatheredAt: at.toISOString(),
    transactions,
    phone,
    lostStolen: lostStolen.map((e) => ({
      at: iso(e.at) ?? '',
      from: e.from_state,
      to: e.to_state,
      reason: e.reason,
      actor: e.actor,
    })),
    statementNotices: notices.map((n) => ({ noticeDate: n.notice_date, channel: n.channel })),
    terms,
  };
}

/** Stores a new snapshot (the newest one is shown; older ones stay as they were). */
export async function storeEvidence(
  trx: Db,
  enetId: string,
  caseId: string,
  actor: string,
  at: Date,
): Promise<EvidenceSnapshot> {
  const snapshot = await gatherEvidence(trx, enetId, caseId, at);
  await trx
    .insertInto('investigation_evidence')
    .values({
      id: newId('evd', at.getTime()),
      case_id: caseId,
      gathered_at: at,
      gathered_by: actor,
      snapshot: JSON.stringify(snapshot),
    })
    .execute();
  return snapshot;
}

export async function latestEvidence(db: Db, caseId: string): Promise<EvidenceSnapshot | undefined> {
  const row = await db
    .selectFrom('investigation_evidence')
    .select('snapshot')
    .where('case_id', '=', caseId)
    .orderBy('gathered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? (row.snapshot as EvidenceSnapshot) : undefined;
}
