import type { ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { maskPan } from '../../../infra/crypto/mask.ts';
import type { Executor } from '../../../storage/database.ts';
import { approvalsOf } from '../../../storage/repositories/approvals.ts';
import { auditOfSubject } from '../../../storage/repositories/audit.ts';
import { cardSummariesOf, cardSummariesOfMembers, memberIdsByCardRef } from '../../../storage/repositories/cards.ts';
import {
  fraudReportsOf,
  memberIdsByCardEnding,
  memberIdsByEnetIdIgnoringCase,
  portalSessionHistory,
  recentTransactionsOf,
  termsConsentsOf,
} from '../../../storage/repositories/console-member-reads.ts';
import { enrollmentHistory, findMemberRow, membersIn } from '../../../storage/repositories/members.ts';
import { bindingHistory, memberIdsByPhoneMac } from '../../../storage/repositories/phone-bindings.ts';
import { normaliseJapaneseMobile } from '../../enrollment/phones.ts';
import { listTrustedMerchants } from '../../risk/trusted-merchants.ts';
import { actorDirectory } from './audit-log.ts';

export type MemberQuery =
  | { by: 'enetId'; enetId: string }
  | { by: 'cardRef'; cardRef: string }
  | { by: 'last4'; last4: string; expiry: string }
  | { by: 'expiry'; expiry: string }
  | { by: 'phone'; phone: string };

export interface MemberHit {
  enetId: string;
  name: string;
  enrollment: string;
  enrollmentReason: string | null;
  cards: string[];
}

/**
 * YYMM from the expiry as printed on the card (`MM/YY`, also `MM / YY`, `MM-YY`, `MM/YYYY`) or as stored
 * (`YYMM`); full-width digits are read as digits. Anything else, or a month outside 01–12, is invalid.
 */
export function normaliseExpiry(input: string): string | undefined {
  const t = toHalfWidth(input).replace(/\s+/g, '');
  const printed = /^(\d{1,2})[/-](\d{2}|\d{4})$/.exec(t);
  if (printed?.[1] && printed[2]) {
    const month = printed[1].padStart(2, '0');
    return validMonth(month) ? `${printed[2].slice(-2)}${month}` : undefined;
  }
  return /^\d{4}$/.test(t) && validMonth(t.slice(2)) ? t : undefined;
}

const validMonth = (mm: string) => Number(mm) >= 1 && Number(mm) <= 12;
const toHalfWidth = (v: string) => v.replace(/[０-９／]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

/**
 * Exact-match search (no partial PAN or phone search: those would enumerate card holders). Forgiving about form:
 * the e-net ID ignores case and surrounding spaces; the last four digits alone list the candidate cards (at most
 * 50), narrowed by the expiry when given. A malformed field is refused naming the field.
 */
export async function searchMembers(deps: ServiceDeps, q: MemberQuery): Promise<MemberHit[]> {
  let ids: string[];
  const db = deps.db;
  if (q.by === 'enetId') ids = await memberIdsByEnetIdIgnoringCase(db, q.enetId.trim(), 50);
  else if (q.by === 'cardRef') ids = await memberIdsByCardRef(db, q.cardRef.trim());
  else if (q.by === 'expiry') throw new ServiceError('invalid', 'the last four digits are needed', 'last4');
  else if (q.by === 'last4') {
    const last4 = toHalfWidth(q.last4).replace(/\s+/g, '');
    if (!/^\d{4}$/.test(last4)) throw new ServiceError('invalid', 'four digits needed', 'last4');
    const expiry = q.expiry.trim() === '' ? undefined : normaliseExpiry(q.expiry);
    if (q.expiry.trim() !== '' && !expiry) throw new ServiceError('invalid', 'expiry is MM/YY or YYMM', 'expiry');
    ids = await memberIdsByCardEnding(db, last4, expiry, 50);
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
    cards: cards
      .filter((c) => c.enet_id === m.enet_id)
      .map((c) => `${maskPan(`${c.pan_first6}000000${c.pan_last4}`)} (${c.expiry.slice(2)}/${c.expiry.slice(0, 2)})`),
  }));
}

/** Everything the member page shows; PAN and phone are masked here, before any view sees them. */
export async function memberFile(db: Executor, enetId: string, keys: KeyRing) {
  const member = await findMemberRow(db, enetId);
  if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
  const [cards, phones, events, sessions, txns, reports, consents, audit, approvals, directory] = await Promise.all([
    cardSummariesOf(db, enetId),
    bindingHistory(db, enetId),
    enrollmentHistory(db, enetId, 50),
    portalSessionHistory(db, enetId, 20),
    recentTransactionsOf(db, enetId, 20),
    fraudReportsOf(db, enetId),
    termsConsentsOf(db, enetId),
    auditOfSubject(db, 'member', enetId, 50),
    approvalsOf(db, enetId),
    actorDirectory(db),
  ]);
  // issue #20 item 5: the member's trusted merchants, their sealed names opened for the read-only list
  const trusted = await listTrustedMerchants({ db, keys }, enetId);
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
    directory,
    trusted,
  };
}

export type MemberFile = Awaited<ReturnType<typeof memberFile>>;
