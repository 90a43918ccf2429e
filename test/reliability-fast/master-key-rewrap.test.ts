import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { MasterKeys, masterKeyId } from '../../src/infra/crypto/master-keys.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { AReqLoad, sleep } from '../support/db-faults.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { type ServiceProcess, startServiceProcess } from '../support/service-processes.ts';

const skip = process.env.TEST_DATABASE_URL
  ? false
  : 'TEST_DATABASE_URL not set: two service processes and the CLI need one shared PostgreSQL';

/** Rotations before the switch: each leaves one more wrapped data key (and a card sealed under it). */
const ROTATIONS = 12;

/**
 * Replacing the master key under AReq load (issue #17 item 3, docs/operations.md "Replacing the master key"):
 * the database holds keys wrapped under OLD; nodes A and B run with NEW and PREVIOUS=OLD and take AReqs on
 * 8 connections plus browser challenges; `keys rewrap` runs as a CLI process, is killed with SIGKILL half-way
 * and run again; then A restarts with NEW alone. Every AReq of the whole run must get an ARes (or an Erro 403,
 * the answer to a database fault): no HTTP error, no dropped connection, no other Erro.
 */
describe('master key replacement under AReq load [postgres]', { skip }, () => {
  let database: TestDatabase;
  let ds: DsPeer;
  let testKeys: KeyRing;
  const OLD = randomBytes(32);
  const NEW = randomBytes(32);
  const nodes: ServiceProcess[] = [];
  const holders: SeededCardholder[] = [];
  let challengers: SeededCardholder[] = [];

  const baseEnv = () => ({
    DATABASE_URL: database.url ?? '',
    DS_RREQ_URL: ds.url,
    SMS_PROVIDER: 'outbox',
    SEED_DEMO: 'false',
    CONSOLE_ADMIN_PASSWORD: 'master-key-admin-pass',
    LOG_LEVEL: 'warn',
  });
  const switchingEnv = () => ({
    ...baseEnv(),
    NINSHO_MASTER_KEY: NEW.toString('base64'),
    NINSHO_MASTER_KEY_PREVIOUS: OLD.toString('base64'),
  });

  before(async () => {
    database = await createTestDatabase('postgres');
    // The store as a first start with OLD alone leaves it, after some data-key rotations.
    testKeys = await KeyRing.open(OLD, keyStore(database.db));
    holders.push(await seedCardholder(database.db, testKeys));
    for (let i = 0; i < ROTATIONS; i++) {
      await testKeys.rotate('data');
      holders.push(await seedCardholder(database.db, testKeys));
    }
    challengers = await Promise.all(Array.from({ length: 8 }, () => seedCardholder(database.db, testKeys)));
    ds = await new DsPeer().start();
    // One after the other (two first starts at once race to create the console admin), and each is kept as soon
    // as it runs so `after` stops it even if the next one fails.
    for (let i = 0; i < 2; i++) nodes.push(await startServiceProcess(switchingEnv()));
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await ds?.stop();
    await database?.close();
  });

  test('keys rewrap (killed half-way, run again) and a restart with NEW alone: no failed request', async () => {
    const [a, b] = nodes as [ServiceProcess, ServiceProcess];
    const pans = holders.map((h) => h.pan);
    const loads = [new AReqLoad(a.url, pans, 4, 120).start(), new AReqLoad(b.url, pans, 4, 120).start()];
    const challengeTargets = [a.url, b.url];
    const challenges: string[] = [];
    let challenging = true;
    /** The challenge under way: A stops only once it is over (a rolling restart drains its node first). */
    let current: Promise<string> = Promise.resolve('');
    const challengeLoop = (async () => {
      for (let i = 0; challenging && i < challengers.length - 1; i++) {
        current = challenge(challengeTargets[i % 2] ?? '', challengers[i]!);
        challenges.push(await current);
        await sleep(500);
      }
    })();
    await sleep(1500);

    // First run, killed with SIGKILL after a few rows.
    const killedRun = cli(['keys', 'rewrap', '--pause-ms', '150']);
    await killedRun.waitFor((out) => (out.match(/: rewrapped/g) ?? []).length >= 4);
    killedRun.child.kill('SIGKILL');
    await killedRun.exited;
    const half = await statusCounts();
    assert.ok(half.underNew >= 4 && half.underOld >= 1, `half-way: ${JSON.stringify(half)}`);
    console.log(`# killed after ${half.underNew} of ${half.underNew + half.underOld} wrapped keys`);

    // Second run finishes; a third finds nothing.
    const second = cli(['keys', 'rewrap']);
    assert.equal(await second.exited, 0, second.output());
    assert.match(second.output(), /; 0 left under other master keys/);
    assert.match(second.output(), /EVERY node/);
    const third = cli(['keys', 'rewrap']);
    assert.equal(await third.exited, 0, third.output());
    assert.match(third.output(), /done: 0 rewrapped/);
    const status = cli(['keys', 'status']);
    assert.equal(await status.exited, 0, status.output());
    assert.match(status.output(), new RegExp(`${masterKeyId(NEW)}\\s+${ROTATIONS + 4}\\s+current`));
    assert.match(status.output(), /\n0 wrapped keys not yet under the current master key/);
    await sleep(1000);

    // A node with OLD alone now refuses to start, naming the ids and nothing secret.
    const refused = await startServiceProcess({ ...baseEnv(), NINSHO_MASTER_KEY: OLD.toString('base64') }).then(
      (n) => n.stop().then(() => 'started'),
      (err: Error) => err.message,
    );
    console.log(`# a node with OLD alone: ${refused.replace(/\s+/g, ' ').slice(0, 400)}`);
    assert.match(refused, /ninsho failed to start: cannot unwrap \d+ stored key/);
    assert.match(refused, new RegExp(`wrapped under master key ids: ${masterKeyId(NEW)} \\(${ROTATIONS + 4}\\)`));
    assert.ok(!refused.includes(OLD.toString('base64')) && !/\n\s+at /.test(refused), refused);

    // Rolling restart of A with NEW alone: its load moves to B meanwhile, then comes back.
    loads[0]!.target = b.url;
    challengeTargets[0] = b.url;
    await current;
    await sleep(500);
    await a.stop();
    const a2 = await startServiceProcess({ ...baseEnv(), NINSHO_MASTER_KEY: NEW.toString('base64') });
    nodes[0] = a2;
    loads[0]!.target = a2.url;
    challengeTargets[0] = a2.url;
    await sleep(1500);
    challenging = false;
    await challengeLoop;
    challenges.push(await challenge(a2.url, challengers[challengers.length - 1]!));
    await Promise.all(loads.map((l) => l.stop()));

    const results = loads.flatMap((l) => l.results);
    const counts = loads[0]!.counts(results);
    console.log(`# AReqs: ${JSON.stringify(counts)}; challenges: ${challenges.join(' ')}`);
    assert.ok(counts.ares > 100, `enough load: ${counts.ares} ARes`);
    assert.equal(counts.erro_other + counts.http_error + counts.network_error, 0, JSON.stringify(counts));
    assert.ok(challenges.length >= 3 && challenges.every((c) => c === 'Y'), challenges.join(' '));

    // Every card opens with NEW alone (what the restarted node does on demand).
    const newOnly = await KeyRing.open(NEW, keyStore(database.db));
    const cards = await database.db.selectFrom('cards').select(['card_ref', 'pan_enc']).execute();
    const byRef = new Map([...holders, ...challengers].map((h) => [h.cardRef, h.pan]));
    assert.equal(cards.length, byRef.size);
    for (const c of cards) assert.equal(newOnly.decrypt(c.pan_enc, 'pan'), byRef.get(c.card_ref));

    const audits = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'subject_id'])
      .where('action', 'like', 'keys.rewrap.%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audits.map((r) => `${r.action} ${r.actor} ${r.subject_id}`),
      [
        'keys.rewrap.start', // killed: no finish
        'keys.rewrap.start',
        'keys.rewrap.finish',
        'keys.rewrap.start',
        'keys.rewrap.finish',
      ].map((action) => `${action} cli ${masterKeyId(NEW)}`),
    );
  });

  /** One browser challenge to the end; returns the final CRes transStatus (or what went wrong). */
  async function challenge(url: string, holder: SeededCardholder): Promise<string> {
    try {
      const client = new ChallengeClient(url);
      const ares = await client.areq(holder.pan);
      if (ares.transStatus !== 'C') return `ares:${ares.transStatus}`;
      const creq = await client.creq();
      if (creq.status !== 200) return `creq:${creq.status}`;
      await client.submit(holder.enetId, await latestCode(database.db, testKeys, client.acsTransID));
      return client.finalCRes()?.transStatus ?? 'no-cres';
    } catch (err) {
      return `error:${err instanceof Error ? err.message : String(err)}`;
    }
  }

  async function statusCounts() {
    const masters = new MasterKeys(NEW, [OLD]);
    const rows = await database.db.selectFrom('data_keys').select('wrapped').execute();
    const underNew = rows.filter((r) => masters.isCurrent(r.wrapped)).length;
    return { underNew, underOld: rows.length - underNew };
  }

  function cli(args: string[]) {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', ...args], {
      env: { ...process.env, NODE_ENV: 'test', ...switchingEnv(), LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const waiters: Array<() => void> = [];
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const w of waiters) w();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const exited = once(child, 'exit').then(([code]) => code as number | null);
    return {
      child,
      exited,
      output: () => out,
      waitFor: (done: (out: string) => boolean) =>
        new Promise<void>((resolve, reject) => {
          const check = () => done(out) && resolve();
          waiters.push(check);
          void exited.then(() => reject(new Error(`the CLI ended first:\n${out}`)));
          check();
        }),
    };
  }
});
