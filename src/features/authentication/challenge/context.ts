import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import type { Executor } from '../../../storage/database.ts';
import { type ChallengeContextRow, challengeContextRow } from '../../../storage/repositories/authentication-reads.ts';
import type { TransactionRow } from '../../../storage/schema.ts';

export interface ChallengeContext {
  issuerName: string;
  issuerNameEn: string;
  maskedPhone: string | undefined;
  phone: string | undefined;
  enetId: string | null;
  enrollment: string | undefined;
  /** The member has at least one enabled passkey (docs/passkeys.md); the offer checks the rest. */
  hasPasskey: boolean;
  /** SMS sent to the phone in the 24 hours before the read, when read with the transaction (first CReq). */
  sendsToPhoneLastDay?: number;
}

/** What the challenge page and the SMS need besides the transaction: issuer, member state, current phone. */
export async function loadChallengeContext(
  db: Executor,
  keys: KeyRing,
  txn: TransactionRow,
): Promise<ChallengeContext> {
  return challengeContext(keys, txn, await challengeContextRow(db, txn.issuer_id, txn.enet_id));
}

/** The context from its row (read alone, or with the transaction: `withChallengeContext`). */
export function challengeContext(
  keys: KeyRing,
  txn: TransactionRow,
  row: ChallengeContextRow | undefined,
): ChallengeContext {
  return {
    issuerName: row?.name ?? '',
    issuerNameEn: row?.name_en ?? '',
    maskedPhone: row?.phone_masked ?? undefined,
    phone: row?.phone_enc ? keys.decrypt(row.phone_enc, 'phone') : undefined,
    enetId: txn.enet_id,
    enrollment: row?.enrollment ?? undefined,
    hasPasskey: row?.has_passkey === true,
    ...(typeof row?.sends_since === 'number' && { sendsToPhoneLastDay: row.sends_since }),
  };
}
