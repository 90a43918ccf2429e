import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { ServiceError } from '../../src/core/errors.ts';
import {
  beginCeremony,
  cancelCeremony,
  enterComponent,
  finishCeremony,
  generateKey,
} from '../../src/features/keys/ceremony.ts';
import { activateKey, registerKey, retireOverdueKeys } from '../../src/features/keys/service.ts';
import { verifyCavv } from '../../src/infra/crypto/cavv.ts';
import { CVK_SWITCH_DELAY_MS, cvkFor, issueCavv } from '../../src/infra/crypto/cavv-keys.ts';
import { combineComponents, kcv, withOddParity } from '../../src/infra/crypto/cvk-material.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { newEmvId } from '../../src/infra/ids.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { importFinishedTransaction } from '../../src/storage/repositories/transactions.ts';
import { forEachDialect } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const COMPONENTS = [
  '0123456789ABCDEFFEDCBA9876543210',
  '11111111111111112222222222222222',
  '3333333333333333444444444444444F',
];
const DAY = 86_400_000;

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('trace', stream) };
}

/** The CAVV's key indicator (byte 3, docs/cavv.md "Layout"). */
const slotOf = (cavv: string) => Buffer.from(cavv, 'base64')[2];

async function refused(work: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(work, (err: unknown) => err instanceof ServiceError && err.code === code);
}

forEachDialect('CVK ceremony', (getDb) => {
  const clock = new ManualClock(new Date());
  const log = capture();
  let server: TestServer;
  let holder: SeededCardholder;

  before(async () => {
    server = await startTestServer(getDb(), { clock, logger: log.logger, env: { LOG_LEVEL: 'trace' } });
    holder = await seedCardholder(getDb().db, server.keys);
  });
  after(async () => {
    await server.close();
  });

  /** A finished authentication carrying this CAVV, as the issuer's authorisation would look it up. */
  async function recordTransaction(cavv: { cavv: string; eci: string }): Promise<void> {
    const at = clock.now();
    await importFinishedTransaction(getDb().db, {
      acs_trans_id: newEmvId(),
      three_ds_server_trans_id: newEmvId(),
      ds_trans_id: newEmvId(),
      message_version: '2.2.0',
      device_channel: '02',
      message_category: '01',
      card_ref: holder.cardRef,
      enet_id: holder.enetId,
      state: 'result_acknowledged',
      trans_status: 'Y',
      eci: cavv.eci,
      cavv: cavv.cavv,
      authentication_type: '02',
      interaction_count: 1,
      created_at: at,
      updated_at: at,
    });
  }

  async function verifyByApi(cavv: string): Promise<Record<string, unknown>> {
    const res = await server.api('/api/v1/cavv/verify', { body: { pan: holder.pan, cavv, eci: '05' } });
    assert.equal(res.status, 200);
    return (await res.json()) as Record<string, unknown>;
  }

  test('three components, KCVs, staged activation by a second officer, grace period, then retired', async () => {
    const deps = server.server.deps;
    const db = getDb().db;
    // Another node over the same database, to see the activation reach it.
    const otherNode = await KeyRing.open(getDb().masterKey, keyStore(db));

    const before = server.keys.cvks().find((c) => c.state === 'active');
    assert.ok(before, 'the key ring CVK is adopted as the active key');
    assert.equal(before.keyIndicator, 1);
    const oldCavv = issueCavv(server.keys, holder.pan, 'authenticated', clock.now());
    assert.equal(slotOf(oldCavv.cavv), 1);
    await recordTransaction(oldCavv);
    assert.equal((await verifyByApi(oldCavv.cavv)).valid, true);

    // Import: three officers, each shown the KCV of their own component.
    const ceremony = await beginCeremony(deps, 3, 'cli:akiko');
    const first = await enterComponent(deps, ceremony, 'cli:akiko', COMPONENTS[0]!);
    assert.deepEqual(first, { number: 1, kcv: '08D7B4', oddParity: true, remaining: 2 });
    await refused(enterComponent(deps, ceremony, 'cli:akiko', COMPONENTS[1]!), 'forbidden');
    await refused(enterComponent(deps, ceremony, 'cli:bunta', 'not hex'), 'invalid');
    await refused(enterComponent(deps, ceremony, 'cli:bunta', COMPONENTS[0]!), 'invalid');
    await refused(finishCeremony(deps, ceremony, 'cli:akiko'), 'conflict');
    const second = await enterComponent(deps, ceremony, 'cli:bunta', COMPONENTS[1]!.toLowerCase());
    assert.equal(second.kcv, kcv(Buffer.from(COMPONENTS[1]!, 'hex')));
    assert.equal(second.oddParity, false);
    const third = await enterComponent(deps, ceremony, 'cli:chie', COMPONENTS[2]!);
    assert.equal(third.kcv, kcv(Buffer.from(COMPONENTS[2]!, 'hex')));
    assert.equal(third.remaining, 0);
    await refused(enterComponent(deps, ceremony, 'cli:daichi', COMPONENTS[2]!), 'conflict');

    const combined = withOddParity(combineComponents(COMPONENTS.map((c) => Buffer.from(c, 'hex'))));
    const loaded = await finishCeremony(deps, ceremony, 'cli:daichi');
    assert.equal(loaded.kcv, kcv(combined));
    assert.equal(loaded.keyIndicator, 2, 'the new key takes the slot the active key does not use');
    assert.equal((await db.selectFrom('cvk_components').selectAll().execute()).length, 0, 'components deleted');
    await refused(finishCeremony(deps, ceremony, 'cli:daichi'), 'conflict');

    // Staged: loaded → registered → active, by a second officer.
    await refused(activateKey(deps, loaded.id, 'cli:eri'), 'conflict');
    await refused(registerKey(deps, loaded.id, 'cli:bunta', { reference: '' }), 'invalid');
    await registerKey(deps, loaded.id, 'cli:bunta', { reference: 'VSEC-2026-0417', registeredOn: '2026-12-01' });
    await refused(registerKey(deps, loaded.id, 'cli:bunta', { reference: 'again' }), 'conflict');
    await refused(activateKey(deps, loaded.id, 'cli:daichi'), 'forbidden');
    await refused(activateKey(deps, loaded.id, 'cli:bunta'), 'forbidden');
    assert.equal(issueCavv(server.keys, holder.pan, 'attempts', clock.now()) !== undefined, true);
    const activation = await activateKey(deps, loaded.id, 'cli:eri');
    assert.equal(activation.from.getTime(), clock.now().getTime() + CVK_SWITCH_DELAY_MS);
    assert.equal(activation.previous?.id, before.id);
    await refused(activateKey(deps, loaded.id, 'cli:fumi'), 'conflict');

    // Until the switch instant every node still issues under the old key; then under the new one.
    assert.equal(slotOf(issueCavv(server.keys, holder.pan, 'authenticated', clock.now()).cavv), 1);
    await otherNode.refreshCvks();
    assert.equal(slotOf(issueCavv(otherNode, holder.pan, 'authenticated', clock.now()).cavv), 1);
    clock.advance(CVK_SWITCH_DELAY_MS + 1_000);
    const newCavv = issueCavv(server.keys, holder.pan, 'authenticated', clock.now());
    assert.equal(slotOf(newCavv.cavv), 2);
    assert.equal(slotOf(issueCavv(otherNode, holder.pan, 'authenticated', clock.now()).cavv), 2);
    const check = verifyCavv({
      pan: holder.pan,
      ...newCavv,
      cvk: (ki) => cvkFor(server.keys, ki, clock.now()),
    });
    assert.equal(check.valid, true);
    await recordTransaction(newCavv);
    assert.equal((await verifyByApi(newCavv.cavv)).valid, true);

    // The old key verifies through the grace period (CVK_GRACE_DAYS, 30 by default), then not.
    clock.advance(DAY);
    assert.equal((await verifyByApi(oldCavv.cavv)).valid, true);
    const graceEnd = activation.previous?.graceEndsAt ?? new Date(0);
    assert.equal(graceEnd.getTime(), activation.from.getTime() + 30 * DAY);
    clock.set(new Date(graceEnd.getTime() - 60_000));
    assert.equal((await verifyByApi(oldCavv.cavv)).valid, true);
    assert.equal(await retireOverdueKeys(deps), 0);
    clock.set(new Date(graceEnd.getTime() + 60_000));
    assert.deepEqual(await verifyByApi(oldCavv.cavv), { valid: false, reason: 'unknown_key' });
    assert.equal((await verifyByApi(newCavv.cavv)).valid, true);
    assert.equal(await retireOverdueKeys(deps), 1);
    const rows = await db.selectFrom('cvk_keys').select(['id', 'state', 'kcv']).execute();
    assert.equal(rows.find((r) => r.id === before.id)?.state, 'retired');
    assert.equal(rows.find((r) => r.id === loaded.id)?.state, 'active');
    assert.equal(rows.find((r) => r.id === before.id)?.kcv, before.kcv);

    // Audited step by step, with officers, numbers and KCVs only; no key material anywhere.
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'like', 'cvk.%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor]),
      [
        ['cvk.ceremony_started', 'cli:akiko'],
        ['cvk.component_entered', 'cli:akiko'],
        ['cvk.component_entered', 'cli:bunta'],
        ['cvk.component_entered', 'cli:chie'],
        ['cvk.loaded', 'cli:daichi'],
        ['cvk.registered', 'cli:bunta'],
        ['cvk.retiring', 'cli:eri'],
        ['cvk.activated', 'cli:eri'],
        ['cvk.retired', 'system'],
      ],
    );
    const secrets = [...COMPONENTS, combined.toString('hex')].flatMap((h) => [h.toUpperCase(), h.toLowerCase()]);
    const everything = `${JSON.stringify(audit)}\n${log.lines.join('')}\n${JSON.stringify(
      await db.selectFrom('cvk_keys').selectAll().execute(),
    )}`;
    for (const s of secrets) assert.equal(everything.includes(s), false, 'key material leaked');
    for (const s of secrets) assert.equal(everything.includes(Buffer.from(s, 'hex').toString('base64')), false);
  });

  test('a generated key goes through the same stages; two activations race, one wins', async () => {
    const deps = server.server.deps;
    const active = server.keys.cvks().find((c) => c.state === 'active');
    const a = await generateKey(deps, 'cli:gen');
    const b = await generateKey(deps, 'cli:gen');
    assert.notEqual(a.kcv, b.kcv);
    assert.notEqual(a.keyIndicator, active?.keyIndicator);
    await registerKey(deps, a.id, 'cli:reg', { reference: 'VSEC-A' });
    await registerKey(deps, b.id, 'cli:reg', { reference: 'VSEC-B' });
    const results = await Promise.allSettled([activateKey(deps, a.id, 'cli:act'), activateKey(deps, b.id, 'cli:act')]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const loser = results.find((r) => r.status === 'rejected');
    assert.ok(loser?.reason instanceof ServiceError && loser.reason.code === 'conflict', String(loser?.reason));
    const rows = await getDb().db.selectFrom('cvk_keys').select(['state']).where('state', '=', 'active').execute();
    assert.equal(rows.length, 1);
  });

  test('a cancelled ceremony deletes its components and takes no more; bad counts are refused', async () => {
    const deps = server.server.deps;
    const db = getDb().db;
    await refused(beginCeremony(deps, 4, 'cli:akiko'), 'invalid');
    const id = await beginCeremony(deps, 2, 'cli:akiko');
    await enterComponent(deps, id, 'cli:akiko', COMPONENTS[0]!);
    assert.equal((await db.selectFrom('cvk_components').selectAll().where('ceremony_id', '=', id).execute()).length, 1);
    await cancelCeremony(deps, id, 'cli:bunta');
    assert.equal((await db.selectFrom('cvk_components').selectAll().where('ceremony_id', '=', id).execute()).length, 0);
    await refused(enterComponent(deps, id, 'cli:chie', COMPONENTS[1]!), 'conflict');
    await refused(cancelCeremony(deps, id, 'cli:bunta'), 'conflict');
    const row = await db.selectFrom('cvk_ceremonies').select(['state']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'cancelled');
  });
});
