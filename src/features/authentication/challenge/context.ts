import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import type { Executor } from '../../../storage/database.ts';
import { issuerNames, memberWithCurrentPhone } from '../../../storage/repositories/authentication-reads.ts';
import type { TransactionRow } from '../../../storage/schema.ts';

export interface ChallengeContext {
  issuerName: string;
  issuerNameEn: string;
  maskedPhone: string | undefined;
  phone: string | undefined;
  enetId: string | null;
  enrollment: string | undefined;
}

/** What the challenge page and the SMS need besides the transaction: issuer, member state, current phone. */
export async function loadChallengeContext(
  db: Executor,
  keys: KeyRing,
  txn: TransactionRow,
): Promise<ChallengeContext> {
  const issuer = txn.issuer_id ? await issuerNames(db, txn.issuer_id) : undefined;
  const member = txn.enet_id ? await memberWithCurrentPhone(db, txn.enet_id) : undefined;
  return {
    issuerName: issuer?.name ?? '',
    issuerNameEn: issuer?.name_en ?? '',
    maskedPhone: member?.phone_masked ?? undefined,
    phone: member?.phone_enc ? keys.decrypt(member.phone_enc, 'phone') : undefined,
    enetId: txn.enet_id,
    enrollment: member?.enrollment,
  };
}
