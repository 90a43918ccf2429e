import type { Executor } from '../../storage/database.ts';
import { hasAccepted, termsInForceOn } from '../terms/service/acceptance.ts';

export type PasskeyTermsGate =
  | { ok: true; termsVersionId: string }
  | { ok: false; reason: 'terms_not_covering' | 'terms_not_accepted' };

/**
 * terms art. 12: passkeys are offered only under a terms version in force that describes them
 * (`covers_passkeys`), and only to a member who accepted that version.
 */
export async function passkeyTermsGate(db: Executor, enetId: string, at: Date): Promise<PasskeyTermsGate> {
  const terms = await termsInForceOn(db, at);
  if (!terms?.covers_passkeys) return { ok: false, reason: 'terms_not_covering' };
  if (!(await hasAccepted(db, enetId, terms.id))) return { ok: false, reason: 'terms_not_accepted' };
  return { ok: true, termsVersionId: terms.id };
}
