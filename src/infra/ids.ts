import { randomBytes, randomUUID } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Prefixed, time-sortable ids for our own rows (`txn_…`, `case_…`): 10 chars of milliseconds, 16 of randomness.
 * EMV ids (acsTransID) stay UUIDs as the spec says: see `newEmvId`.
 */
export function newId(prefix: string, at: number = Date.now()): string {
  let time = '';
  let t = at;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rnd = randomBytes(10);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[(rnd[i % 10]! >> (i < 10 ? 0 : 3)) & 31];
  return `${prefix}_${time}${tail}`;
}

export function newEmvId(): string {
  return randomUUID();
}
