import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { reencryptAll } from '../../src/infra/crypto/key-rotation.ts';
import { KeyRing, type StoredKey } from '../../src/infra/crypto/keyring.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';

forEachDialect('key ring and rotation', (getDb) => {
  test('rotate: old data still decrypts, new writes use the new version, re-encryption moves everything', async () => {
    const { db } = getDb();
    const master = randomBytes(32);
    const keys = await KeyRing.open(master, keyStore(db));
    const before = await seedCardholder(db, keys);
    const runningNode = await KeyRing.open(master, keyStore(db));
    const v1 = keys.currentVersion('data');
    const v2 = await keys.rotate('data');
    assert.equal(v2, v1 + 1);
    const after = await seedCardholder(db, keys);
    const card = (ref: string) =>
      db.selectFrom('cards').select('pan_enc').where('card_ref', '=', ref).executeTakeFirstOrThrow();
    assert.ok((await card(before.cardRef)).pan_enc.startsWith(`e1.${v1}.`));
    assert.ok((await card(after.cardRef)).pan_enc.startsWith(`e1.${v2}.`));
    assert.equal(keys.decrypt((await card(before.cardRef)).pan_enc, 'pan'), before.pan);

    // another node opening the same store sees both versions
    const otherNode = await KeyRing.open(master, keyStore(db));
    assert.equal(otherNode.decrypt((await card(after.cardRef)).pan_enc, 'pan'), after.pan);

    await runningNode.refresh(); // what every node does each KEY_REFRESH_MS
    await reencryptAll(db, keys);
    assert.equal(runningNode.decrypt((await card(before.cardRef)).pan_enc, 'pan'), before.pan);
    const cards = await db.selectFrom('cards').select('pan_enc').execute();
    assert.ok(cards.every((c) => c.pan_enc.startsWith(`e1.${v2}.`)));
    const phones = await db.selectFrom('phone_bindings').select(['phone_enc', 'enet_id']).execute();
    assert.ok(phones.every((p) => p.phone_enc.startsWith(`e1.${v2}.`)));
    assert.equal(keys.decrypt((await card(before.cardRef)).pan_enc, 'pan'), before.pan);
    const phone = phones.find((p) => p.enet_id === before.enetId)!;
    assert.equal(keys.decrypt(phone.phone_enc, 'phone'), before.phone);
  });

  test('a wrong master key cannot open the key ring', async () => {
    const { db } = getDb();
    await KeyRing.open(randomBytes(32), keyStore(db)).catch(() => undefined);
    await assert.rejects(KeyRing.open(randomBytes(32), keyStore(db)), /wrong NINSHO_MASTER_KEY/);
  });
});

test('MACs are keyed, deterministic and separated by domain', async () => {
  const stored: StoredKey[] = [];
  const memory = { list: async () => stored, insert: async (k: StoredKey) => void stored.push(k) };
  const keys = await KeyRing.open(randomBytes(32), memory);
  const other = await KeyRing.open(randomBytes(32), { list: async () => [], insert: async () => {} }).catch(
    () => undefined,
  );
  assert.equal(keys.mac('pan', '4111111111111111'), keys.mac('pan', '4111111111111111'));
  assert.notEqual(keys.mac('pan', '4111111111111111'), keys.mac('phone', '4111111111111111'));
  assert.equal(other, undefined, 'a key ring whose store keeps nothing cannot open');
});
