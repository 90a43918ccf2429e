import { ManualClock } from '../../src/core/clock.ts';
import { provisionPhone, upsertCard, upsertMember } from '../../src/features/issuer-api/issuer-data.ts';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import type { Db } from '../../src/storage/database.ts';

export const ISSUER = {
  name: 'テストカード',
  nameEn: 'Test Card',
  ranges: [['4111110000', '4111119999']] as Array<[string, string]>,
};

let counter = 0;

/** A PAN in the test range with a valid Luhn digit, unique per call. */
export function testPan(): string {
  counter++;
  const body = `411111${String(process.pid % 10000).padStart(4, '0')}${String(counter).padStart(5, '0')}`;
  return body + luhnDigit(body);
}

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

export function testPhone(): string {
  counter++;
  return `+8190${String(10000000 + ((process.pid * 7919 + counter * 104729) % 89999999)).slice(0, 8)}`;
}

export interface SeededCardholder {
  enetId: string;
  cardRef: string;
  pan: string;
  phone: string;
}

/** Issuer, range, member, active card and (unless `enrolled: false`) a verified phone. */
export async function seedCardholder(
  db: Db,
  keys: KeyRing,
  opts: { enrolled?: boolean; expiry?: string; name?: string } = {},
): Promise<SeededCardholder> {
  await ensureIssuer(db, ISSUER);
  const deps = { db, keys, clock: new ManualClock(new Date()) };
  counter++;
  const enetId = `member_${process.pid}_${counter}`;
  const cardRef = `card_${process.pid}_${counter}`;
  const pan = testPan();
  const phone = testPhone();
  await upsertMember(
    deps,
    enetId,
    { name: opts.name ?? '山田 太郎', email: `${enetId}@example.jp`, status: 'active' },
    'test',
  );
  await upsertCard(deps, cardRef, { enetId, pan, expiry: opts.expiry ?? '3012', status: 'active' }, 'test');
  if (opts.enrolled !== false) await provisionPhone(deps, enetId, phone, 'test');
  return { enetId, cardRef, pan, phone };
}
