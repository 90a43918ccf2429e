import { ServiceError } from '../../core/errors.ts';
import type { Db } from '../../storage/database.ts';
import type { CardRow, Enrollment } from '../../storage/schema.ts';

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
export async function getMemberView(db: Db, enetId: string): Promise<MemberView> {
  const m = await db
    .selectFrom('members')
    .select(['enet_id', 'name', 'email', 'status', 'enrollment', 'enrollment_reason'])
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
  if (!m) throw new ServiceError('not_found', 'member not found', 'enetId');
  const { enet_id, enrollment_reason, ...rest } = m;
  return { enetId: enet_id, ...rest, enrollmentReason: enrollment_reason };
}

export async function getMemberDetail(db: Db, enetId: string): Promise<MemberDetail> {
  const view = await getMemberView(db, enetId);
  const binding = await db
    .selectFrom('phone_bindings')
    .select('phone_masked')
    .where('enet_id', '=', enetId)
    .where('unbound_at', 'is', null)
    .executeTakeFirst();
  const cards = await cardRows(db).where('enet_id', '=', enetId).orderBy('card_ref').execute();
  return { ...view, phone: binding?.phone_masked ?? null, cards: cards.map(toCardView) };
}

export async function getCardView(db: Db, cardRef: string): Promise<CardView> {
  const card = await cardRows(db).where('card_ref', '=', cardRef).executeTakeFirst();
  if (!card) throw new ServiceError('not_found', 'card not found', 'cardRef');
  return toCardView(card);
}

const cardRows = (db: Db) =>
  db.selectFrom('cards').select(['card_ref', 'enet_id', 'pan_first6', 'pan_last4', 'expiry', 'status']);

function toCardView(c: Pick<CardRow, 'card_ref' | 'enet_id' | 'pan_first6' | 'pan_last4' | 'expiry' | 'status'>) {
  return {
    cardRef: c.card_ref,
    enetId: c.enet_id,
    pan: `${c.pan_first6}******${c.pan_last4}`,
    expiry: c.expiry,
    status: c.status,
  };
}
