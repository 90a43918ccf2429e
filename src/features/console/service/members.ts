import type { ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { maskPan } from '../../../infra/crypto/mask.ts';
import type { Executor } from '../../../storage/database.ts';
import { approvalsOf } from '../../../storage/repositories/approvals.ts';
import { auditOfSubject } from '../../../storage/repositories/audit.ts';
import {
  cardSummariesOf,
  cardSummariesOfMembers,
  memberIdsByCardRef,
  memberIdsByLast4,
} from '../../../storage/repositories/cards.ts';
import {
  fraudReportsOf,
  portalSessionHistory,
  recentTransactionsOf,
  termsConsentsOf,
} from '../../../storage/repositories/console-member-reads.ts';
import { enrollmentHistory, findMemberRow, membersIn } from '../../../storage/repositories/members.ts';
import { bindingHistory, memberIdsByPhoneMac } from '../../../storage/repositories/phone-bindings.ts';
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
function normaliseExpiry(input: string): string | undefined {
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
  else if (q.by === 'cardRef') ids = await memberIdsByCardRef(db, q.cardRef);
  else if (q.by === 'last4') {
    const expiry = normaliseExpiry(q.expiry);
    if (!/^\d{4}$/.test(q.last4) || !expiry)
      throw new ServiceError('invalid', 'last four digits and expiry needed', 'last4');
    ids = await memberIdsByLast4(db, q.last4, expiry, 50);
  } else {
    const e164 = normaliseJapaneseMobile(q.phone);
    if (!e164) throw new ServiceError('invalid', 'not a Japanese mobile number', 'phone');
    ids = await memberIdsByPhoneMac(db, deps.keys.mac('phone', e164), 50);
  }
  const unique = [...new Set(ids)].filter((id) => id !== '');
  if (unique.length === 0) return [];
  const members = await membersIn(db, unique);
  const cards = await cardSummariesOfMembers(db, unique);
  return members.map((m) => ({
    enetId: m.enet_id,
    name: m.name,
    enrollment: m.enrollment,
    enrollmentReason: m.enrollment_reason,
    cards: cards.filter((c) => c.enet_id === m.enet_id).map((c) => maskPan(`${c.pan_first6}000000${c.pan_last4}`)),
  }));
}

/** Everything the member page shows; PAN and phone are masked here, before any view sees them. */
export async function memberFile(db: Executor, enetId: string) {
  const member = await findMemberRow(db, enetId);
  if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
  const [cards, phones, events, sessions, txns, reports, consents, audit, approvals] = await Promise.all([
    cardSummariesOf(db, enetId),
    bindingHistory(db, enetId),
    enrollmentHistory(db, enetId, 50),
    portalSessionHistory(db, enetId, 20),
    recentTransactionsOf(db, enetId, 20),
    fraudReportsOf(db, enetId),
    termsConsentsOf(db, enetId),
    auditOfSubject(db, 'member', enetId, 50),
    approvalsOf(db, enetId),
  ]);
  return {
    member,
    cards: cards.map(({ pan_first6, pan_last4, enet_id: _, ...c }) => ({
      ...c,
      pan: maskPan(`${pan_first6}000000${pan_last4}`),
    })),
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
