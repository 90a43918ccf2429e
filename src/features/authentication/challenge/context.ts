import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import type { Db } from '../../../storage/database.ts';
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
export async function loadChallengeContext(db: Db, keys: KeyRing, txn: TransactionRow): Promise<ChallengeContext> {
  const issuer = txn.issuer_id
    ? await db.selectFrom('issuers').select(['name', 'name_en']).where('id', '=', txn.issuer_id).executeTakeFirst()
    : undefined;
  const member = txn.enet_id
    ? await db
        .selectFrom('members')
        .leftJoin('phone_bindings', (join) =>
          join.onRef('phone_bindings.enet_id', '=', 'members.enet_id').on('phone_bindings.unbound_at', 'is', null),
        )
        .select(['members.enrollment', 'phone_bindings.phone_enc', 'phone_bindings.phone_masked'])
        .where('members.enet_id', '=', txn.enet_id)
        .executeTakeFirst()
    : undefined;
  return {
    issuerName: issuer?.name ?? '',
    issuerNameEn: issuer?.name_en ?? '',
    maskedPhone: member?.phone_masked ?? undefined,
    phone: member?.phone_enc ? keys.decrypt(member.phone_enc, 'phone') : undefined,
    enetId: txn.enet_id,
    enrollment: member?.enrollment,
  };
}
