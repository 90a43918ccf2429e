import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import { RESEALED_COLUMNS, reencryptAll } from '../../src/infra/crypto/key-rotation.ts';
import { KeyRing, type StoredKey } from '../../src/infra/crypto/keyring.ts';
import { componentContext, TRUSTED_NAME_CONTEXT } from '../../src/infra/crypto/seal-contexts.ts';
import { TOTP_CONTEXT } from '../../src/infra/crypto/totp.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';

forEachDialect('key ring and rotation', (getDb) => {
  const master = randomBytes(32); // the suite's database keeps its key ring from test to test

  test('rotate: old data still decrypts, new writes use the new version, re-encryption moves everything', async () => {
    const { db } = getDb();
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

  test('rotation re-seals the other sealed columns too, each under its own context', async () => {
    const { db } = getDb();
    const keys = await KeyRing.open(master, keyStore(db));
    const { enetId } = await seedCardholder(db, keys);
    const at = new Date();
    await db
      .insertInto('trusted_merchants')
      .values({
        id: 'tmer_rot',
        enet_id: enetId,
        merchant_mac: 'm',
        merchant_name_enc: keys.encrypt('テスト商店', TRUSTED_NAME_CONTEXT),
        added_at: at,
        added_from: 'portal',
        acs_trans_id: null,
      })
      .execute();
    await db
      .insertInto('passkeys')
      .values({
        id: 'pk_rot',
        enet_id: enetId,
        credential_mac: 'c',
        credential_enc: keys.encrypt('credential-id', 'passkey'),
        public_key: 'k',
        name: 'phone',
        created_at: at,
      })
      .execute();
    await db
      .insertInto('operators')
      .values({
        id: 'op_rot',
        username: 'rotation',
        display_name: 'Rotation',
        role: 'admin',
        password_hash: 'x',
        totp_secret_enc: keys.encrypt('SECRET', TOTP_CONTEXT),
        totp_pending_enc: null,
        created_by: 'test',
        created_at: at,
      })
      .execute();
    await db
      .insertInto('cvk_ceremonies')
      .values({ id: 'cer_rot', components: 2, started_by: 'op_rot', started_at: at })
      .execute();
    await db
      .insertInto('cvk_components')
      .values({
        ceremony_id: 'cer_rot',
        number: 2,
        officer: 'op_rot',
        component_enc: keys.encrypt('0123456789abcdef', componentContext('cer_rot', 2)),
        kcv: '000000',
        entered_at: at,
      })
      .execute();
    const v2 = await keys.rotate('data');
    const counts = await reencryptAll(db, keys);
    assert.equal(counts.other, 4);
    const name = await db.selectFrom('trusted_merchants').select('merchant_name_enc').executeTakeFirstOrThrow();
    const passkey = await db.selectFrom('passkeys').select('credential_enc').executeTakeFirstOrThrow();
    const operator = await db
      .selectFrom('operators')
      .select(['totp_secret_enc', 'totp_pending_enc'])
      .where('id', '=', 'op_rot')
      .executeTakeFirstOrThrow();
    const component = await db.selectFrom('cvk_components').select('component_enc').executeTakeFirstOrThrow();
    for (const sealed of [
      name.merchant_name_enc,
      passkey.credential_enc,
      operator.totp_secret_enc,
      component.component_enc,
    ])
      assert.ok(sealed?.startsWith(`e1.${v2}.`), 'under the new data key');
    assert.equal(keys.decrypt(name.merchant_name_enc, TRUSTED_NAME_CONTEXT), 'テスト商店');
    assert.equal(keys.decrypt(passkey.credential_enc, 'passkey'), 'credential-id');
    assert.equal(keys.decrypt(operator.totp_secret_enc ?? '', TOTP_CONTEXT), 'SECRET');
    assert.equal(operator.totp_pending_enc, null, 'an empty column stays empty');
    assert.equal(keys.decrypt(component.component_enc, componentContext('cer_rot', 2)), '0123456789abcdef');
    assert.equal((await reencryptAll(db, keys)).other, 0, 'a second run finds nothing left');
  });

  test('every sealed column of the schema is re-sealed by rotation', async () => {
    const { db } = getDb();
    const columns = await sql<{ name: string }>`
      select c.table_name || '.' || c.column_name as name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.column_name like '%\\_enc'
      order by 1`.execute(db);
    assert.ok(columns.rows.length > 10, 'the schema has sealed columns');
    const missing = columns.rows.map((r) => r.name).filter((name) => !RESEALED_COLUMNS.includes(name));
    assert.deepEqual(missing, [], 'a sealed column that key rotation would leave under the old key');
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
