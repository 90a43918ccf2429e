import type { ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { maskPan } from '../../../infra/crypto/mask.ts';
import type { Db } from '../../../storage/database.ts';
import { normaliseJapaneseMobile } from '../../enrollment/phones.ts';

export type MemberQuery =
  | { by: 'enetId'; enetId: string }
  | { by: 'cardRef'; cardRef: string }
  | { by: 'last4'; last4: string; expiry: string }
  | { by: 'phone'; phone: string };

export interface MemberHit {
  enetId: string;
  name: string;
  enrollment: string;
  enrollmentReason: string | null;
  cards: string[];
}

/** YYMM from "YYMM", "MM/YY" or "MMYY"-with-slash; anything else is invalid. */
export function normaliseExpiry(input: string): string | undefined {
  const t = input.trim();
  const slash = /^(\d{2})\/(\d{2})$/.exec(t);
  if (slash) return `${slash[2]}${slash[1]}`;
  return /^\d{4}$/.test(t) ? t : undefined;
}

/** Exact-match search only (no partial PAN or phone search: those would enumerate card holders). */
export async function searchMembers(deps: ServiceDeps, q: MemberQuery): Promise<MemberHit[]> {
  let ids: string[];
  const db = deps.db;
  if (q.by === 'enetId') ids = [q.enetId];
  else if (q.by === 'cardRef')
    ids = (await db.selectFrom('cards').select('enet_id').where('card_ref', '=', q.cardRef).execute()).map(
      (r) => r.enet_id,
    );
  else if (q.by === 'last4') {
    const expiry = normaliseExpiry(q.expiry);
    if (!/^\d{4}$/.test(q.last4) || !expiry)
      throw new ServiceError('invalid', 'last four digits and expiry needed', 'last4');
    const rows = await db
      .selectFrom('cards')
      .select('enet_id')
      .where('pan_last4', '=', q.last4)
      .where('expiry', '=', expiry)
      .limit(50)
      .execute();
    ids = rows.map((r) => r.enet_id);
  } else {
    const e164 = normaliseJapaneseMobile(q.phone);
    if (!e164) throw new ServiceError('invalid', 'not a Japanese mobile number', 'phone');
    const rows = await db
      .selectFrom('phone_bindings')
      .select('enet_id')
      .where('phone_mac', '=', deps.keys.mac('phone', e164))
      .limit(50)
      .execute();
    ids = rows.map((r) => r.enet_id);
  }
  const unique = [...new Set(ids)].filter((id) => id !== '');
  if (unique.length === 0) return [];
  const members = await db
    .selectFrom('members')
    .select(['enet_id', 'name', 'enrollment', 'enrollment_reason'])
    .where('enet_id', 'in', unique)
    .orderBy('enet_id')
    .execute();
  const cards = await db
    .selectFrom('cards')
    .select(['enet_id', 'pan_first6', 'pan_last4'])
    .where('enet_id', 'in', unique)
    .execute();
  return members.map((m) => ({
    enetId: m.enet_id,
    name: m.name,
    enrollment: m.enrollment,
    enrollmentReason: m.enrollment_reason,
    cards: cards.filter((c) => c.enet_id === m.enet_id).map((c) => maskPan(`${c.pan_first6}000000${c.pan_last4}`)),
  }));
}

/** Everything the member page shows; PAN and phone are masked here, before any view sees them. */
export async function memberFile(db: Db, enetId: string) {
  const member = await db.selectFrom('members').selectAll().where('enet_id', '=', enetId).executeTakeFirst();
  if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
  const [cards, phones, events, sessions, txns, reports, consents, audit, approvals] = await Promise.all([
    db
      .selectFrom('cards')
      .select(['card_ref', 'pan_first6', 'pan_last4', 'expiry', 'status'])
      .where('enet_id', '=', enetId)
      .execute(),
    db
      .selectFrom('phone_bindings')
      .select(['phone_masked', 'verified_by', 'bound_by', 'bound_at', 'unbound_at', 'unbound_reason'])
      .where('enet_id', '=', enetId)
      .orderBy('bound_at', 'desc')
      .execute(),
    db
      .selectFrom('enrollment_events')
      .selectAll()
      .where('enet_id', '=', enetId)
      .orderBy('at', 'desc')
      .limit(50)
      .execute(),
    db
      .selectFrom('portal_sessions')
      .select(['public_id', 'created_at', 'last_seen_at', 'revoked_at', 'revoked_reason'])
      .where('subject', '=', enetId)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('transactions')
      .select(['acs_trans_id', 'created_at', 'merchant_name', 'state', 'trans_status'])
      .where('enet_id', '=', enetId)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('fraud_reports')
      .select(['reference', 'reported_at', 'status'])
      .where('enet_id', '=', enetId)
      .orderBy('reported_at', 'desc')
      .execute(),
    db
      .selectFrom('terms_consents')
      .innerJoin('terms_versions', 'terms_versions.id', 'terms_consents.terms_version_id')
      .select(['terms_versions.version', 'terms_consents.accepted_at'])
      .where('terms_consents.enet_id', '=', enetId)
      .orderBy('accepted_at', 'desc')
      .execute(),
    db
      .selectFrom('audit_log')
      .select(['seq', 'at', 'actor', 'action', 'reason'])
      .where('subject_type', '=', 'member')
      .where('subject_id', '=', enetId)
      .orderBy('seq', 'desc')
      .limit(50)
      .execute(),
    db
      .selectFrom('pending_approvals')
      .selectAll()
      .where('enet_id', '=', enetId)
      .orderBy('requested_at', 'desc')
      .execute(),
  ]);
  return {
    member,
    cards: cards.map(({ pan_first6, pan_last4, ...c }) => ({ ...c, pan: maskPan(`${pan_first6}000000${pan_last4}`) })),
    phones,
    events,
    sessions,
    txns,
    reports,
    consents,
    audit,
    approvals,
  };
}

export type MemberFile = Awaited<ReturnType<typeof memberFile>>;
