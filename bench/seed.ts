import { ManualClock } from '../src/core/clock.ts';
import { provisionPhone, upsertCard, upsertMember } from '../src/features/issuer-api/issuer-data.ts';
import { ensureIssuer } from '../src/features/issuer-api/issuers.ts';
import type { KeyRing } from '../src/infra/crypto/keyring.ts';
import { maskPhone } from '../src/infra/crypto/mask.ts';
import { newId } from '../src/infra/ids.ts';
import type { Db } from '../src/storage/database.ts';

export interface BenchCard {
  enetId: string;
  pan: string;
  phone: string;
}

/** The bench's BIN range: 10k distinct PANs 4242420000000000… with a valid Luhn digit. */
export const BENCH_ISSUER = {
  name: 'ベンチカード',
  nameEn: 'Bench Card',
  ranges: [['424242', '424242']] as Array<[string, string]>,
};

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function benchCards(count: number): BenchCard[] {
  return Array.from({ length: count }, (_, i) => {
    const body = `424242${String(i).padStart(9, '0')}`;
    return {
      enetId: `bench_${i}`,
      pan: body + luhnDigit(body),
      phone: `+8190${String(10_000_000 + i).padStart(8, '0')}`,
    };
  });
}

/**
 * Enrolls the cards: the first through the same service functions the issuer API uses (member, active card,
 * verified phone), the rest by multi-row inserts copying that member's enrollment fields, so the rows the
 * AReq and the challenge read are those production would hold. The audit chain is not written for the rest.
 */
export async function seedCards(db: Db, keys: KeyRing, cards: BenchCard[]): Promise<void> {
  await ensureIssuer(db, BENCH_ISSUER);
  const at = new Date();
  const deps = { db, keys, clock: new ManualClock(at) };
  const [first, ...rest] = cards;
  if (!first) return;
  await upsertMember(deps, first.enetId, memberInput(first), 'bench');
  await upsertCard(
    deps,
    cardRef(first),
    { enetId: first.enetId, pan: first.pan, expiry: '3012', status: 'active' },
    'bench',
  );
  await provisionPhone(deps, first.enetId, first.phone, 'bench');
  const model = await db
    .selectFrom('members')
    .select(['issuer_id', 'enrollment', 'enrollment_reason'])
    .where('enet_id', '=', first.enetId)
    .executeTakeFirstOrThrow();
  for (let i = 0; i < rest.length; i += 500) {
    const chunk = rest.slice(i, i + 500);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('members')
        .values(
          chunk.map((c) => ({
            enet_id: c.enetId,
            ...model,
            ...memberInput(c),
            enrollment_changed_at: at,
            updated_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('cards')
        .values(
          chunk.map((c) => ({
            card_ref: cardRef(c),
            enet_id: c.enetId,
            pan_enc: keys.encrypt(c.pan, 'pan'),
            pan_mac: keys.mac('pan', c.pan),
            pan_first6: c.pan.slice(0, 6),
            pan_last4: c.pan.slice(-4),
            expiry: '3012',
            status: 'active' as const,
            updated_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('phone_bindings')
        .values(
          chunk.map((c) => ({
            id: newId('pb', at.getTime()),
            enet_id: c.enetId,
            phone_enc: keys.encrypt(c.phone, 'phone'),
            phone_mac: keys.mac('phone', c.phone),
            phone_masked: maskPhone(c.phone),
            verified_by: 'issuer_provisioned' as const,
            bound_by: 'bench',
            bound_at: at,
          })),
        )
        .execute();
    });
  }
}

const cardRef = (c: BenchCard) => `card_${c.enetId}`;
const memberInput = (c: BenchCard) => ({
  name: '山田 太郎',
  email: `${c.enetId}@example.jp`,
  status: 'active' as const,
});
