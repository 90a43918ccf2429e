import type { PublicNotice } from '../../../storage/repositories/notices.ts';
import { activePhoneMasked, memberCards, memberProfile } from '../../../storage/repositories/portal-reads.ts';
import type { Enrollment } from '../../../storage/schema.ts';
import { type OpenCooperation, openCooperation } from '../../investigations/service/member-view.ts';
import { recentNotices } from '../../operations/service/notices.ts';
import { type PausedFunctions, pansInRanges, pausedFunctionsAt } from '../../operations/service/windows-view.ts';
import { type AcceptedTerms, latestConsent, nextTermsAfter, termsInForceOn } from '../../terms/service/acceptance.ts';
import type { PortalDeps } from './deps.ts';

export interface MemberOverview {
  enetId: string;
  name: string;
  enrollment: Enrollment;
  enrollmentReason: string | null;
  maskedPhone: string | undefined;
  cards: Array<{ masked: string; expiry: string; status: 'active' | 'closed'; paused: boolean }>;
  currentTerms: { id: string; version: string } | undefined;
  acceptedTerms: AcceptedTerms | undefined;
  acceptedCurrent: boolean;
  /**
   * terms art. 12: a member who uses the service (enrolled) or accepted an earlier version is asked to read and
   * accept the version in force; others accept it when they register a phone.
   */
  termsPrompt: boolean;
  /** A published version not yet in force (its notice is on /notices). */
  nextTerms: { id: string; version: string; effectiveAt: Date } | undefined;
  /** terms art. 11: what is paused right now. */
  paused: PausedFunctions;
  notices: PublicNotice[];
  /** terms art. 5-3-3: cooperation requests to answer before their due date. */
  cooperation: OpenCooperation[];
}

/** Everything the home page shows, masked. */
export async function memberOverview(
  deps: Pick<PortalDeps, 'db' | 'keys'>,
  enetId: string,
  at: Date,
): Promise<MemberOverview | undefined> {
  const { db } = deps;
  const member = await memberProfile(db, enetId);
  if (!member) return undefined;
  const maskedPhone = await activePhoneMasked(db, enetId);
  const cards = await memberCards(db, enetId);
  const current = await termsInForceOn(db, at);
  const next = await nextTermsAfter(db, at);
  const accepted = await latestConsent(db, enetId);
  const paused = await pausedFunctionsAt(db, at);
  // The PAN is opened only to match a paused card range, and never leaves this function.
  const cardPaused =
    paused.rangeIds.length === 0
      ? cards.map(() => false)
      : await pansInRanges(
          db,
          paused.rangeIds,
          cards.map((c) => deps.keys.decrypt(c.pan_enc, 'pan')),
        );
  const acceptedCurrent = current !== undefined && accepted?.versionId === current.id;
  return {
    enetId,
    name: member.name,
    enrollment: member.enrollment,
    enrollmentReason: member.enrollment_reason,
    maskedPhone,
    cards: cards.map((c, i) => ({
      masked: `**** **** **** ${c.pan_last4}`,
      expiry: `${c.expiry.slice(2, 4)}/${c.expiry.slice(0, 2)}`,
      status: c.status,
      paused: cardPaused[i] === true,
    })),
    currentTerms: current && { id: current.id, version: current.version },
    acceptedTerms: accepted,
    acceptedCurrent,
    termsPrompt:
      current !== undefined && !acceptedCurrent && (member.enrollment === 'enrolled' || accepted !== undefined),
    nextTerms: next && { id: next.id, version: next.version, effectiveAt: new Date(next.effective_at) },
    paused,
    notices: await recentNotices(db, at),
    cooperation: await openCooperation(db, enetId),
  };
}
