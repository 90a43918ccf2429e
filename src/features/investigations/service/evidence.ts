import { scrubText } from '../../../infra/crypto/mask.ts';
import type { Executor } from '../../../storage/database.ts';
import {
  authenticationRecord,
  authenticationTrail,
  lostStolenEvents,
  phoneHistory,
  statementNotices,
  termsAcceptedAt,
} from '../../../storage/repositories/case-evidence.ts';
import { caseTransactions } from '../../../storage/repositories/case-facts.ts';
import { insertEvidenceSnapshot, latestEvidenceSnapshot } from '../../../storage/repositories/case-snapshots.ts';
import { approvingPasskey } from '../../../storage/repositories/passkeys.ts';
import { termsInForceOn } from '../../terms/service/versions.ts';
import type {
  EvidenceSnapshot,
  MessageEvidence,
  PhoneEvidence,
  TermsEvidence,
  TransactionEvidence,
} from './evidence-types.ts';
import { riskEvidence } from './risk-evidence.ts';

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
  'authenticationMethod',
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

async function transactionEvidence(db: Executor, acsTransId: string): Promise<TransactionEvidence | undefined> {
  const t = await authenticationRecord(db, acsTransId);
  if (!t) return undefined;
  const { events, messages, codes, sms, method } = await authenticationTrail(
    db,
    acsTransId,
    t.three_ds_server_trans_id,
  );
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
    passkey: await passkeyEvidence(db, acsTransId),
    risk: await riskEvidence(db, t),
  };
}

async function passkeyEvidence(db: Executor, acsTransId: string): Promise<TransactionEvidence['passkey']> {
  const p = await approvingPasskey(db, acsTransId);
  if (!p) return null;
  return {
    name: p.name,
    registeredAt: iso(p.created_at) ?? '',
    approvedAt: iso(p.approved_at) ?? '',
    lastUsedAt: iso(p.last_used_at),
    disabledAt: iso(p.disabled_at),
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

async function phoneEvidence(db: Executor, enetId: string): Promise<EvidenceSnapshot['phone']> {
  const { bindings, changes } = await phoneHistory(db, enetId);
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

async function termsEvidence(db: Executor, enetId: string, at: Date, key: string): Promise<TermsEvidence> {
  const version = await termsInForceOn(db, at);
  if (!version) return { transaction: key, at: at.toISOString(), version: null, effectiveAt: null, acceptedAt: null };
  const acceptedAt = await termsAcceptedAt(db, enetId, version.id);
  return {
    transaction: key,
    at: at.toISOString(),
    version: version.version,
    effectiveAt: iso(version.effective_at),
    acceptedAt: iso(acceptedAt),
  };
}

/**
 * Gathers the evidence of a case from what the ACS recorded (issue #8 §2), in the caller's transaction: per
 * disputed purchase the authentication record, messages (selected members, masked), code and SMS trail and
 * 3DS Method device data; for the member the phone bindings and changes, lost/stolen reports, statement
 * notices, and the terms in force on each purchase date with the member's acceptance. Phones stay masked.
 */
async function gatherEvidence(trx: Executor, enetId: string, caseId: string, at: Date): Promise<EvidenceSnapshot> {
  const disputed = await caseTransactions(trx, caseId);
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
    lostStolenEvents(trx, enetId),
    statementNotices(trx, enetId),
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
  trx: Executor,
  enetId: string,
  caseId: string,
  actor: string,
  at: Date,
): Promise<EvidenceSnapshot> {
  const snapshot = await gatherEvidence(trx, enetId, caseId, at);
  await insertEvidenceSnapshot(trx, caseId, snapshot, actor, at);
  return snapshot;
}

export async function latestEvidence(db: Executor, caseId: string): Promise<EvidenceSnapshot | undefined> {
  // Written by `storeEvidence` from an `EvidenceSnapshot`; stored JSON, read back as it was written.
  const snapshot = await latestEvidenceSnapshot(db, caseId);
  return snapshot === undefined ? undefined : (snapshot as EvidenceSnapshot);
}
