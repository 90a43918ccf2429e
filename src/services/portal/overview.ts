import type { Enrollment } from '../../storage/schema.ts';
import type { PortalDeps } from './deps.ts';
import { type AcceptedTerms, latestConsent, termsInForceOn } from './terms.ts';

export interface MemberOverview {
  enetId: string;
  name: string;
  enrollment: Enrollment;
  enrollmentReason: string | null;
  maskedPhone: string | undefined;
  cards: Array<{ masked: string; expiry: string; status: 'active' | 'closed' }>;
  currentTerms: { id: string; version: string } | undefined;
  acceptedTerms: AcceptedTerms | undefined;
  acceptedCurrent: boolean;
}

/** Everything the home page shows, masked. */
export async function memberOverview(
  deps: Pick<PortalDeps, 'db'>,
  enetId: string,
  at: Date,
): Promise<MemberOverview | undefined> {
  const { db } = deps;
  const member = await db
    .selectFrom('members')
    .select(['name', 'enrollment', 'enrollment_reason'])
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
  if (!member) return undefined;
  const phone = await db
    .selectFrom('phone_bindings')
    .select('phone_masked')
    .where('enet_id', '=', enetId)
    .where('unbound_at', 'is', null)
    .executeTakeFirst();
  const cards = await db
    .selectFrom('cards')
    .select(['pan_last4', 'expiry', 'status'])
    .where('enet_id', '=', enetId)
    .orderBy('created_at')
    .execute();
  const current = await termsInForceOn(db, at);
  const accepted = await latestConsent(db, enetId);
  return {
    enetId,
    name: member.name,
    enrollment: member.enrollment,
    enrollmentReason: member.enrollment_reason,
    maskedPhone: phone?.phone_masked,
    cards: cards.map((c) => ({
      masked: `**** **** **** ${c.pan_last4}`,
      expiry: `${c.expiry.slice(2, 4)}/${c.expiry.slice(0, 2)}`,
      status: c.status,
    })),
    currentTerms: current && { id: current.id, version: current.version },
    acceptedTerms: accepted,
    acceptedCurrent: current !== undefined && accepted?.versionId === current.id,
  };
}
