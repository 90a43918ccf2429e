import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { AReqLoad, databaseName, lockTable, recordedShapes, sleep, terminateBackends } from '../support/db-faults.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { type ServiceProcess, startServiceProcess } from '../support/service-processes.ts';
import { recordReliability } from './record.ts';

const adminUrl = process.env.TEST_DATABASE_URL ?? '';
const skip = adminUrl ? false : 'TEST_DATABASE_URL not set: database faults need PostgreSQL';

/**
 * Issue 14 items 1 and 2 measured on a real service process (src/app/main.ts, its own pool, workers and
 * sweepers) under sustained AReq load: every backend terminated, then `transactions` locked for 12 s.
 * Asserts what the service promises (docs/reliability.md "Database faults") and records the figures.
 */
describe('database faults under AReq load', { skip }, () => {
  let database: TestDatabase;
  let service: ServiceProcess;
  let ds: DsPeer;
  const pans: string[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    const keys = await KeyRing.open(database.masterKey, keyStore(database.db));
    for (let i = 0; i < 4; i++) pans.push((await seedCardholder(database.db, keys, { enrolled: i % 2 === 0 })).pan);
    ds = await new DsPeer().start();
    service = await startServiceProcess({
      DATABASE_URL: database.url ?? '',
      NINSHO_MASTER_KEY: database.masterKey.toString('base64'),
      DS_RREQ_URL: ds.url,
      SEED_DEMO: 'false',
      CONSOLE_ADMIN_PASSWORD: 'db-faults-admin-pass',
      LOG_LEVEL: 'warn',
    });
  });
  after(async () => {
    await service?.stop();
    await ds?.stop();
    await database?.close();
  });

  test('every backend terminated three times under load', async () => {
    const load = new AReqLoad(service.url, pans).start();
    await sleep(3000);
    const faultAt = performance.now();
    let terminated = 0;
    for (let i = 0; i < 3; i++) {
      terminated += await terminateBackends(adminUrl, databaseName(database.url ?? ''));
      await sleep(300);
    }
    await sleep(6000);
    await load.stop();

    const failures = load.results.filter((r) => r.kind !== 'ares');
    const lastFailure = Math.max(faultAt, ...failures.map((r) => r.doneAt));
    const shapes = await recordedShapes(database.db, load.results);
    const lost = load.results.filter((r) => r.kind === 'ares' && shapes.get(r.threeDSServerTransID) !== 'complete');
    const partial = [...shapes.values()].filter((s) => s === 'partial').length;
    const counts = load.counts();
    const recovered = load.results.some((r) => r.kind === 'ares' && r.doneAt > lastFailure);
    recordReliability('db-termination-under-load', {
      process_alive: service.alive(),
      backends_terminated: terminated,
      areqs: load.results.length,
      ares: counts.ares,
      erro_403: counts.erro_403,
      erro_other: counts.erro_other,
      http_non_200: counts.http_error,
      connection_errors: counts.network_error,
      seconds_to_recovery: Number(((lastFailure - faultAt) / 1000).toFixed(2)),
      ares_lost: lost.length,
      half_recorded: partial,
    });
    assert.ok(service.alive(), 'the process survived');
    assert.equal(counts.http_error + counts.network_error + counts.erro_other, 0, 'only ARes or Erro 403');
    assert.equal(lost.length, 0, "every ARes'd transaction is in the database");
    assert.equal(partial, 0, 'no half-recorded transaction');
    assert.ok(recovered, 'ARes again after the last failure, without a restart');
    assert.equal((await fetch(`${service.url}/readyz`)).status, 200);
  });

  test('transactions locked for 12 s under load', async () => {
    const load = new AReqLoad(service.url, pans).start();
    const readiness: Array<{ at: number; status: number }> = [];
    let polling = true;
    const poller = (async () => {
      for (let i = 0; polling && i < 1000; i++) {
        const status = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(5000) }).then(
          (r) => r.status,
          () => 0,
        );
        readiness.push({ at: performance.now(), status });
        await sleep(100);
      }
    })();
    await sleep(2000);
    const lock = await lockTable(database.url ?? '', 'transactions');
    const lockedAt = performance.now();
    await sleep(12_000);
    await lock.release();
    const releasedAt = performance.now();
    await sleep(5000);
    polling = false;
    await Promise.all([load.stop(), poller]);

    const seconds = (ms: number | undefined) => (ms === undefined ? -1 : Number((ms / 1000).toFixed(2)));
    const firstErro = load.results.find((r) => r.doneAt > lockedAt && r.kind === 'erro_403');
    const unready = readiness.find((p) => p.at > lockedAt && p.status === 503);
    const readyAgain = readiness.find((p) => p.at > releasedAt && p.status === 200);
    const aresAgain = load.results.find((r) => r.doneAt > releasedAt && r.kind === 'ares');
    const during = load.results.filter((r) => r.doneAt > lockedAt && r.doneAt <= releasedAt);
    const counts = load.counts(during);
    const shapes = await recordedShapes(database.db, load.results);
    const lost = load.results.filter((r) => r.kind === 'ares' && shapes.get(r.threeDSServerTransID) !== 'complete');
    recordReliability('db-table-lock-12s', {
      process_alive: service.alive(),
      seconds_to_first_erro: seconds(firstErro && firstErro.doneAt - lockedAt),
      max_answer_seconds_while_locked: seconds(Math.max(0, ...during.map((r) => r.ms))),
      areqs_while_locked: during.length,
      erro_403_while_locked: counts.erro_403,
      ares_while_locked: counts.ares,
      http_non_200: load.counts().http_error,
      connection_errors: load.counts().network_error,
      readyz_503_after_seconds: seconds(unready && unready.at - lockedAt),
      readyz_200_after_release_seconds: seconds(readyAgain && readyAgain.at - releasedAt),
      seconds_to_ares_after_release: seconds(aresAgain && aresAgain.doneAt - releasedAt),
      ares_lost: lost.length,
    });
    assert.ok(service.alive(), 'the process survived');
    assert.equal(load.counts().http_error + load.counts().network_error, 0, 'no HTTP error, no dropped connection');
    assert.ok(firstErro, 'AReqs were answered Erro 403 while the table was locked');
    // Deadlines from the issue (~2 s), asserted with generous margins for a shared 2-core machine.
    assert.ok(firstErro.doneAt - lockedAt < 5000, 'the first Erro 403 came within seconds');
    assert.ok(Math.max(...during.map((r) => r.ms)) < 6000, 'no AReq waited out the lock');
    assert.ok(unready && unready.at - lockedAt < 4000, '/readyz 503 within ~2 s of the lock');
    assert.ok(readyAgain, '/readyz 200 again after the release, without a restart');
    assert.ok(aresAgain, 'ARes again after the release');
    assert.equal(lost.length, 0, "every ARes'd transaction is in the database");
  });
});
