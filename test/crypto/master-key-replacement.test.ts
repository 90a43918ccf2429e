import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { loadConfig } from '../../src/app/config.ts';
import { dataKeyAad, type KeyPurpose, KeyRing, type StoredKey } from '../../src/infra/crypto/keyring.ts';
import { rewrapAll, wrappedKeyStatus } from '../../src/infra/crypto/master-key-rewrap.ts';
import { MasterKeys, masterKeyId } from '../../src/infra/crypto/master-keys.ts';
import type { Db } from '../../src/storage/database.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { forEachDialect } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';

/** A key wrapped the way ninsho did before master key ids (`w1.<iv>.<ct>`, no id). */
function wrapW1(master: Buffer, purpose: KeyPurpose, version: number, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  cipher.setAAD(Buffer.from(dataKeyAad(purpose, version)));
  const ct = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()]);
  return `w1.${iv.toString('base64url')}.${ct.toString('base64url')}`;
}

function memoryStore(rows: StoredKey[] = []) {
  return {
    rows,
    list: async () => rows,
    insert: async (k: StoredKey) => {
      if (!rows.some((r) => r.purpose === k.purpose && r.version === k.version)) rows.push(k);
    },
  };
}

const LENGTHS: Record<KeyPurpose, number> = { data: 32, mac: 32, cvk: 16, form: 32 };

function w1Store(master: Buffer) {
  return memoryStore(
    (Object.keys(LENGTHS) as KeyPurpose[]).map((purpose) => ({
      purpose,
      version: 1,
      wrapped: wrapW1(master, purpose, 1, randomBytes(LENGTHS[purpose])),
    })),
  );
}

test('master key id: 11 base64url characters, stable per key, different between keys, not the key', () => {
  const key = randomBytes(32);
  const id = masterKeyId(key);
  assert.match(id, /^[A-Za-z0-9_-]{11}$/);
  assert.equal(masterKeyId(Buffer.from(key)), id);
  assert.notEqual(masterKeyId(randomBytes(32)), id);
  assert.ok(!key.toString('base64').includes(id) && !key.toString('base64url').includes(id));
});

test('w1 keys (no master key id) are still read: under the only key, and as a previous key', async () => {
  const old = randomBytes(32);
  const store = w1Store(old);
  const ring = await KeyRing.open(old, store);
  const sealed = ring.encrypt('4111111111111111', 'pan');
  const both = await KeyRing.open(new MasterKeys(randomBytes(32), [old]), store);
  assert.equal(both.decrypt(sealed, 'pan'), '4111111111111111');
  assert.ok(
    store.rows.every((r) => r.wrapped.startsWith('w1.')),
    'opening rewrites nothing',
  );
});

test('new wraps are w2 and name the current master key; a w2 value naming another id is not tried', async () => {
  const current = randomBytes(32);
  const store = memoryStore();
  await KeyRing.open(current, store);
  assert.equal(store.rows.length, 4);
  for (const r of store.rows) assert.match(r.wrapped, new RegExp(`^w2\\.${masterKeyId(current)}\\.[^.]+\\.[^.]+$`));
  const masters = new MasterKeys(current);
  const row = store.rows[0]!;
  const aad = dataKeyAad(row.purpose, row.version);
  assert.ok(masters.tryUnwrap(aad, row.wrapped));
  const renamed = row.wrapped.replace(masterKeyId(current), masterKeyId(randomBytes(32)));
  assert.equal(
    masters.tryUnwrap(aad, renamed),
    undefined,
    'the id picks the key; the key the id does not name is not tried',
  );
  assert.equal(masters.tryUnwrap(dataKeyAad(row.purpose, row.version + 1), row.wrapped), undefined, 'AAD binds it');
});

test('a node whose keys open no stored key refuses to start, naming master key ids and never a key', async () => {
  const old = randomBytes(32);
  const other = randomBytes(32);
  const store = memoryStore();
  await KeyRing.open(old, store);
  store.rows.push({ purpose: 'data', version: 2, wrapped: wrapW1(old, 'data', 2, randomBytes(32)) });
  const fresh = randomBytes(32);
  const err = await KeyRing.open(new MasterKeys(fresh, [other]), store).then(
    () => assert.fail('opened'),
    (e: unknown) => e as Error,
  );
  assert.equal(err.name, 'MasterKeyMismatchError');
  assert.match(err.message, /cannot unwrap 5 stored key\(s\)/);
  assert.match(err.message, new RegExp(`NINSHO_MASTER_KEY is master key id ${masterKeyId(fresh)}`));
  assert.match(err.message, new RegExp(`NINSHO_MASTER_KEY_PREVIOUS holds ${masterKeyId(other)}`));
  assert.match(err.message, new RegExp(`${masterKeyId(old)} \\(4\\), 1 in the unnamed w1 format`));
  for (const k of [old, other, fresh]) {
    assert.ok(!err.message.includes(k.toString('base64')) && !err.message.includes(k.toString('base64url')));
  }
  assert.equal(store.rows.length, 5, 'a refused start creates no key');
  // The old key as PREVIOUS opens them all.
  await KeyRing.open(new MasterKeys(fresh, [other, old]), store);
});

test('NINSHO_MASTER_KEY_PREVIOUS: a comma-separated list of base64 32-byte keys, refused without echoing it', () => {
  const a = randomBytes(32).toString('base64');
  const b = randomBytes(32).toString('base64');
  assert.deepEqual(loadConfig({}).NINSHO_MASTER_KEY_PREVIOUS, []);
  assert.deepEqual(loadConfig({ NINSHO_MASTER_KEY_PREVIOUS: `${a}, ${b}` }).NINSHO_MASTER_KEY_PREVIOUS, [a, b]);
  assert.deepEqual(loadConfig({ NINSHO_MASTER_KEY_PREVIOUS: a }).NINSHO_MASTER_KEY_PREVIOUS, [a]);
  const secretish = `${a},c2hvcnQ=`;
  assert.throws(
    () => loadConfig({ NINSHO_MASTER_KEY_PREVIOUS: secretish }),
    (e: Error) =>
      /NINSHO_MASTER_KEY_PREVIOUS is invalid: must be base64 of 32 bytes/.test(e.message) && !e.message.includes(a),
  );
});

forEachDialect('master key replacement', (getDb) => {
  async function oldStore(db: Db, old: Buffer, rotations: number) {
    const keys = await KeyRing.open(old, keyStore(db));
    const holders = [await seedCardholder(db, keys)];
    for (let i = 0; i < rotations; i++) {
      await keys.rotate('data');
      holders.push(await seedCardholder(db, keys));
    }
    // One row in the first, unnamed format, as a store written before master key ids has them.
    await db
      .updateTable('data_keys')
      .set({ wrapped: wrapW1(old, 'form', 1, keys.secret('form', 1)!) })
      .where('purpose', '=', 'form')
      .where('version', '=', 1)
      .execute();
    return { keys, holders };
  }

  /** Every card this test seeded (earlier tests' cards are under keys they deleted), decrypted. */
  async function decryptEveryCard(db: Db, keys: KeyRing, holders: readonly SeededCardholder[]) {
    const cards = await db
      .selectFrom('cards')
      .select('pan_enc')
      .where(
        'card_ref',
        'in',
        holders.map((h) => h.cardRef),
      )
      .orderBy('card_ref')
      .execute();
    assert.equal(cards.length, holders.length);
    return cards.map((c) => keys.decrypt(c.pan_enc, 'pan')).sort();
  }

  test('rewrap moves every key under the new master key; a second run finds nothing; the old key can go', async () => {
    const { db } = getDb();
    // The CVK store (migration 0014) holds master-wrapped keys too: its adopted key ring CVK is one more row.
    await db.deleteFrom('cvk_keys').execute();
    await db.deleteFrom('data_keys').execute();
    const old = randomBytes(32);
    const fresh = randomBytes(32);
    const { keys: runningNode, holders } = await oldStore(db, old, 3);
    const masters = new MasterKeys(fresh, [old]);
    const before = await wrappedKeyStatus(db, masters);
    assert.deepEqual(before[0]?.groups.map((g) => [g.format, g.masterKeyId, g.role, g.count]).sort(), [
      ['w1', masterKeyId(old), 'previous', 1],
      ['w2', masterKeyId(old), 'previous', 6],
    ]);

    const first = await rewrapAll(db, masters);
    assert.deepEqual(
      [first.found, first.rewrapped, first.elsewhere, first.unreadable.length, first.left],
      [8, 8, 0, 0, 0],
      'seven data keys and the adopted CVK',
    );
    const rows = await db.selectFrom('data_keys').select('wrapped').execute();
    assert.ok(rows.every((r) => r.wrapped.startsWith(`w2.${masterKeyId(fresh)}.`)));
    const cvks = await db.selectFrom('cvk_keys').select('wrapped').execute();
    assert.equal(cvks.length, 1);
    assert.ok(cvks.every((r) => r.wrapped.startsWith(`w2.${masterKeyId(fresh)}.`)));
    const again = await rewrapAll(db, masters);
    assert.deepEqual([again.found, again.rewrapped, again.left], [0, 0, 0], 'idempotent: nothing twice');
    assert.deepEqual(
      (await db.selectFrom('data_keys').select('wrapped').execute()).map((r) => r.wrapped).sort(),
      rows.map((r) => r.wrapped).sort(),
    );

    const newOnly = await KeyRing.open(fresh, keyStore(db));
    assert.deepEqual(
      await decryptEveryCard(db, newOnly, holders),
      holders.map((h) => h.pan).sort(),
      'a node with the new key alone reads every card',
    );
    assert.ok(holders.every((h) => newOnly.mac('pan', h.pan) === runningNode.mac('pan', h.pan)));
    await runningNode.refresh(); // a node that loaded its keys before the rewrap keeps them
    await assert.rejects(KeyRing.open(old, keyStore(db)), /MasterKey|cannot unwrap/);
  });

  test('a run killed half-way is finished by the next one; three runs at once write each row once', async () => {
    const { db } = getDb();
    // The CVK store (migration 0014) holds master-wrapped keys too: its adopted key ring CVK is one more row.
    await db.deleteFrom('cvk_keys').execute();
    await db.deleteFrom('data_keys').execute();
    const old = randomBytes(32);
    const fresh = randomBytes(32);
    const { holders } = await oldStore(db, old, 6);
    const masters = new MasterKeys(fresh, [old]);
    const total =
      (await db.selectFrom('data_keys').select('purpose').execute()).length +
      (await db.selectFrom('cvk_keys').select('id').execute()).length;

    // The "kill": the run stops dead after three rows (no clean-up runs after a SIGKILL either).
    const killed = await rewrapAll(db, masters, {
      onRow: (_e, done) => {
        if (done === 3) throw new Error('killed');
      },
    }).catch((e: Error) => e.message);
    assert.equal(killed, 'killed');
    const status = await wrappedKeyStatus(db, masters);
    assert.equal(
      status.reduce((n, t) => n + t.left, 0),
      total - 3,
    );

    const runs = await Promise.all([0, 1, 2].map(() => rewrapAll(db, masters)));
    assert.equal(
      runs.reduce((n, r) => n + r.rewrapped, 0),
      total - 3,
      'each remaining row was written by exactly one run',
    );
    assert.ok(runs.every((r) => r.left === 0 && r.unreadable.length === 0));
    const newOnly = await KeyRing.open(fresh, keyStore(db));
    assert.deepEqual(await decryptEveryCard(db, newOnly, holders), holders.map((h) => h.pan).sort());
  });

  test('a key no configured master key opens is reported, left as it is, and the run says it is not done', async () => {
    const { db } = getDb();
    // The CVK store (migration 0014) holds master-wrapped keys too: its adopted key ring CVK is one more row.
    await db.deleteFrom('cvk_keys').execute();
    await db.deleteFrom('data_keys').execute();
    const lost = randomBytes(32);
    const fresh = randomBytes(32);
    await KeyRing.open(lost, keyStore(db));
    const masters = new MasterKeys(fresh);
    const result = await rewrapAll(db, masters);
    assert.deepEqual([result.found, result.rewrapped, result.left], [5, 0, 5], 'four data keys and the adopted CVK');
    assert.ok(result.unreadable.every((u) => u.masterKeyId === masterKeyId(lost)));
    const status = await wrappedKeyStatus(db, masters);
    assert.deepEqual(status[0]?.groups, [{ masterKeyId: masterKeyId(lost), format: 'w2', role: 'unknown', count: 4 }]);
  });
});
