import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { AReqLoad, recordedShapes, sleep } from '../support/db-faults.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { type ServiceProcess, startServiceProcess } from '../support/service-processes.ts';
import { recordReliability } from './record.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL not set: kill -9 is measured on PostgreSQL';

/**
 * kill -9 of a real service process (src/app/main.ts) under AReq load and challenges, then a new process on the
 * same database. Every AReq that got an ARes must be durable (it was committed before the ARes left), and
 * every RReq queued is delivered exactly once (the outbox's lease hands a dead node's claimed job to another).
 */
describe('kill -9 of a service process under load', { skip }, () => {
  let database: TestDatabase;
  let keys: KeyRing;
  let ds: DsPeer;
  let env: Record<string, string> = {};
  const nodes: ServiceProcess[] = [];
  const frictionless: string[] = [];
  const members: SeededCardholder[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    keys = await KeyRing.open(database.masterKey, keyStore(database.db));
    // AReqs of not-enrolled cards are answered frictionless (no challenge left open to time out later).
    for (let i = 0; i < 4; i++) frictionless.push((await seedCardholder(database.db, keys, { enrolled: false })).pan);
    for (let i = 0; i < 4; i++) members.push(await seedCardholder(database.db, keys));
    ds = await new DsPeer().start();
    env = {
      DATABASE_URL: database.url ?? '',
      NINSHO_MASTER_KEY: database.masterKey.toString('base64'),
      DS_RREQ_URL: ds.url,
      SEED_DEMO: 'false',
      CONSOLE_ADMIN_PASSWORD: 'kill9-admin-password',
      LOG_LEVEL: 'warn',
    };
  });
  after(async () => {
    for (const node of nodes) await node.stop();
    await ds?.stop();
    await database?.close();
  });

  test('AReqs answered vs durable, RReqs delivered once', { timeout: 180_000 }, async () => {
    const first = await startServiceProcess(env);
    nodes.push(first);
    const load = new AReqLoad(first.url, frictionless).start();
    let target = first.url;
    let running = true;
    const completed: string[] = [];
    let challengeErrors = 0;
    // Challenges alongside: AReq, CReq, the code from the SMS outbox, submit (each ends with an RReq job).
    const challenges = Array.from({ length: 4 }, async (_, s) => {
      for (let i = 0; running && i < 1000; i++) {
        const holder = members[(s + i) % members.length];
        if (!holder) break;
        try {
          const client = new ChallengeClient(target);
          if ((await client.areq(holder.pan)).transStatus !== 'C') throw new Error('no challenge');
          await client.creq();
          await client.submit(holder.enetId, await latestCode(database.db, keys, client.acsTransID));
          if (client.finalCRes()?.transStatus === 'Y') completed.push(client.acsTransID);
        } catch {
          challengeErrors++;
          await sleep(100);
        }
      }
    });

    await sleep(4000);
    const killedAt = performance.now();
    const deliveredBeforeKill = ds.received.length;
    await first.kill();
    const second = await startServiceProcess(env);
    nodes.push(second);
    const upAt = performance.now();
    load.target = second.url;
    target = second.url;
    await sleep(4000);
    running = false;
    await Promise.all([load.stop(), ...challenges]);

    // A job the killed node had claimed is retried once its lease (30 s) runs out.
    const rreqJobs = async () =>
      (
        await sql<{ acs: string; status: string }>`
          select payload->>'acsTransID' as acs, status from jobs where kind = 'rreq'`.execute(database.db)
      ).rows;
    const waitStarted = performance.now();
    while (performance.now() - waitStarted < 60_000 && (await rreqJobs()).some((j) => j.status === 'pending')) {
      await sleep(500);
    }
    const jobs = await rreqJobs();
    const delivered = new Map<string, number>();
    for (const r of ds.received)
      delivered.set(r.body.acsTransID ?? '', (delivered.get(r.body.acsTransID ?? '') ?? 0) + 1);
    const once = jobs.filter((j) => delivered.get(j.acs) === 1).length;
    const duplicated = [...delivered].filter(([, n]) => n > 1).map(([id]) => id);
    // The one window no outbox closes: the killed node had sent the RReq (the DS answered) but died before
    // recording it; its lease runs out and another node sends it again. Only such RReqs may arrive twice.
    const sentByKilledNode = new Set(ds.received.slice(0, deliveredBeforeKill).map((r) => r.body.acsTransID));
    const resentAfterKill = duplicated.filter((id) => sentByKilledNode.has(id)).length;
    const duplicates = duplicated.length - resentAfterKill;
    const missing = jobs.filter((j) => !delivered.has(j.acs)).length;
    const completedWithoutRReq = completed.filter((id) => !delivered.has(id)).length;

    const shapes = await recordedShapes(database.db, load.results);
    const ares = load.results.filter((r) => r.kind === 'ares');
    const lost = ares.filter((r) => shapes.get(r.threeDSServerTransID) !== 'complete').length;
    const counts = load.counts();
    recordReliability('kill9-under-load', {
      areqs: load.results.length,
      ares: ares.length,
      ares_durable: ares.length - lost,
      ares_lost: lost,
      half_recorded: [...shapes.values()].filter((s) => s === 'partial').length,
      erro_403: counts.erro_403,
      connection_errors: counts.network_error,
      http_non_200: counts.http_error,
      seconds_until_new_process_ready: Number(((upAt - killedAt) / 1000).toFixed(2)),
      challenges_completed: completed.length,
      challenge_errors: challengeErrors,
      rreq_jobs: jobs.length,
      rreq_delivered_once: once,
      rreq_resent_after_kill: resentAfterKill,
      rreq_duplicates: duplicates,
      rreq_missing: missing,
      seconds_waiting_for_rreqs: Number(((performance.now() - waitStarted) / 1000).toFixed(2)),
    });
    assert.ok(ares.length > 0 && completed.length > 0, 'load ran on both processes');
    assert.equal(lost, 0, 'every AReq that got an ARes is in the database');
    assert.equal(counts.http_error, 0, 'no HTTP error status (connections refused while no process ran)');
    assert.equal(duplicates, 0, 'no RReq delivered twice (but one the killed node sent and could not record)');
    assert.ok(resentAfterKill <= 4, 'at most the RReqs in flight at the kill (one per challenge loop) are resent');
    assert.equal(missing, 0, 'every queued RReq delivered');
    assert.equal(completedWithoutRReq, 0, 'every completed challenge reported to the DS');
    assert.deepEqual(ds.invalid, []);
  });
});
