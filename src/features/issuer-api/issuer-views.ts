import { ServiceError } from '../../core/errors.ts';
import type { Executor } from '../../storage/database.ts';
import { type CardSummary, cardSummariesOf, findCardSummary } from '../../storage/repositories/cards.ts';
import { findMemberSummary } from '../../storage/repositories/members.ts';
import { currentBindingMasked } from '../../storage/repositories/phone-bindings.ts';
import type { Enrollment } from '../../storage/schema.ts';

/** Read models of members and cards for the issuer API and the console (PAN and phone masked). */
export interface MemberView {
  enetId: string;
  name: string;
  email: string;
  status: 'active' | 'suspended';
  enrollment: Enrollment;
  enrollmentReason: string | null;
}

export interface CardView {
  cardRef: string;
  enetId: string;
  /** Masked as the audit log masks it: first six, last four. */
  pan: string;
  expiry: string;
  status: 'active' | 'closed';
}

export interface MemberDetail extends MemberView {
  /** The current binding's masked number, or null when none is bound. */
  phone: string | null;
  cards: CardView[];
}

/** Read model for the issuer API; terms art. 9: only masked PAN and phone ever leave the database. */
export async function getMemberView(db: Executor, enetId: string): Promise<MemberView> {
  const m = await findMemberSummary(db, enetId);
  if (!m) throw new ServiceError('not_found', 'member not found', 'enetId');
  const { enet_id, enrollment_reason, ...rest } = m;
  return { enetId: enet_id, ...rest, enrollmentReason: enrollment_reason };
}

export async function getMemberDetail(db: Executor, enetId: string): Promise<MemberDetail> {
  const view = await getMemberView(db, enetId);
  const phone = await currentBindingMasked(db, enetId);
  const cards = await cardSummariesOf(db, enetId);
  return { ...view, phone: phone ?? null, cards: cards.map(toCardView) };
}

export async function getCardView(db: Executor, cardRef: string): Promise<CardView> {
  const card = await findCardSummary(db, cardRef);
  if (!card) throw new ServiceError('not_found', 'card not found', 'cardRef');
  return toCardView(card);
}

function toCardView(c: CardSummary): CardView {
  return {
    cardRef: c.card_ref,
    enetId: c.enet_id,
    pan: `${c.pan_first6}******${c.pan_last4}`,
    expiry: c.expiry,
    status: c.status,
  };
}
