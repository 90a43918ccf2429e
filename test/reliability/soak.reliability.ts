import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type BenchCard, benchCards, seedCards } from '../../bench/seed.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type ServiceProcess, startServiceProcess } from '../support/service-processes.ts';
import { OpenLoopAReqs, serviceRssMiB } from './areq-load.ts';
import { ChallengeLoop } from './challenge-loop.ts';
import { recordReliability } from './record.ts';

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
// About half of the AReq throughput `npm run bench` measured on PostgreSQL at 10 connections on this machine
// (1,540–1,778/s, bench/results/2026-12-04.md).
const AREQS_PER_SECOND = Number(process.env.SOAK_AREQS_PER_SECOND ?? 800);
/** Two challenge loops with a pause: a few full browser challenges per second beside the AReqs. */
const CHALLENGE_LOOPS = 2;

/**
 * The soak (issue 14, "Done when"): one service process on PostgreSQL for SOAK_SECONDS (10 minutes unless
 * overridden) under an open-loop arrival rate of half the benchmark's AReq throughput, with browser challenges
 * beside it. Every AReq is the bench's (an enrolled card, so a challenge the merchant abandons: the timeout
 * sweeper ends it with an RReq). Records RSS at start, peak and end, answers, errors and latency; asserts the
 * process is alive, no 5xx, every acknowledged AReq stored and no RReq sent twice.
 */
describe('soak: a service process at half the benchmark throughput', {
  skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL not set: the soak runs on PostgreSQL',
}, () => {
  let database: TestDatabase;
  let keys: KeyRing;
  let ds: CountingDs;
  let service: ServiceProcess;
  let cards: BenchCard[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    keys = await KeyRing.open(database.masterKey, keyStore(database.db));
    // Each challenge loop gets its own 500 cards: a phone takes at most 10 codes a day (the SMS-pumping guard),
    // so a loop that cycled through a few cards would soon be refused codes by design.
    cards = benchCards(2000);
    await seedCards(database.db, keys, cards);
    ds = await new CountingDs().start();
    service = await startServiceProcess({
      DATABASE_URL: database.url ?? '',
      NINSHO_MASTER_KEY: database.masterKey.toString('base64'),
      DS_RREQ_URL: ds.url,
      SMS_PROVIDER: 'outbox',
      SEED_DEMO: 'false',
      CONSOLE_ADMIN_PASSWORD: 'soak-admin-pass',
      LOG_LEVEL: 'warn', // the harness keeps the process's stdout: no line per request for ten minutes
    });
  });

  after(async () => {
    await service?.stop();
    await ds?.stop();
    await database?.close();
  });

  test(`${SOAK_SECONDS} s at ${AREQS_PER_SECOND} AReq/s`, { timeout: (SOAK_SECONDS + 600) * 1000 }, async () => {
    const rssStartMiB = await serviceRssMiB(service.url);
    const latencies: number[] = [];
    const load = new OpenLoopAReqs({
      targets: [service.url],
      ratePerSecond: AREQS_PER_SECOND,
      pans: cards.slice(1000).map((c) => c.pan),
      maxInFlight: 500,
      onResult: (result, sentAt, doneAt) => {
        if (result === 'ares') latencies.push(doneAt - sentAt);
      },
    }).start(SOAK_SECONDS + 5);
    const loops = Array.from(
      { length: CHALLENGE_LOOPS },
      (_, i) => new ChallengeLoop([service.url], cards.slice(i * 500, i * 500 + 500), database.db, keys, 300),
    );
    const runs = loops.map((l) => l.run());

    let rssPeakMiB = rssStartMiB;
    const began = Date.now();
    let lastReport = began;
    while (Date.now() - began < SOAK_SECONDS * 1000) {
      await sleep(Math.min(5000, SOAK_SECONDS * 1000 - (Date.now() - began)));
      const rss = await serviceRssMiB(service.url).catch(() => Number.NaN);
      if (rss > rssPeakMiB) rssPeakMiB = rss;
      if (Date.now() - lastReport >= 60_000) {
        lastReport = Date.now();
        const c = load.counts;
        console.log(
          `# soak ${Math.round((lastReport - began) / 1000)} s: sent ${c.sent}, ARes ${c.ares}, skipped ${c.skipped}, rss ${rss} MiB`,
        );
      }
    }
    for (const l of loops) l.stop();
    await Promise.all([load.stop(), ...runs]);
    const elapsed = (Date.now() - began) / 1000;
    const alive = await fetch(`${service.url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    const rssEndMiB = alive ? await serviceRssMiB(service.url) : Number.NaN;

    const completed = loops.flatMap((l) => l.completed);
    const until = Date.now() + 30_000;
    while (completed.some((id) => !ds.count(id)) && Date.now() < until) await sleep(250);
    const lost = alive ? await missing(database, load.answered) : load.answered.length;
    // Abandoned challenges the timeout sweeper has not ended yet, and RReqs not yet delivered: a backlog, if any.
    const overdue = await database.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'in', ['challenge_issued', 'challenge_in_progress'])
      .where('deadline_at', '<', new Date())
      .executeTakeFirstOrThrow();
    const pendingRReqs = await database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'rreq')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    latencies.sort((a, b) => a - b);
    const c = load.counts;
    recordReliability('soak', {
      seconds: Math.round(elapsed),
      targetAReqPerSecond: AREQS_PER_SECOND,
      achievedAReqPerSecond: Math.round(c.ares / elapsed),
      areqsSent: c.sent,
      aresAnswered: c.ares,
      skippedArrivals: c.skipped,
      errors: c.erro + c.http5xx + c.http + c.transport,
      erro: c.erro,
      http5xx: c.http5xx,
      transportErrors: c.transport,
      lostAcknowledged: lost,
      p50Ms: Math.round(percentile(latencies, 0.5)),
      p99Ms: Math.round(percentile(latencies, 0.99)),
      challengesCompleted: completed.length,
      challengesFailed: loops.reduce((n, l) => n + l.failed, 0),
      rreqsReceived: ds.total,
      duplicateRReqs: ds.duplicates,
      overdueChallengesAtEnd: Number(overdue.n),
      rreqsPendingAtEnd: Number(pendingRReqs.n),
      rssStartMiB,
      rssPeakMiB,
      rssEndMiB,
      processAlive: alive,
    });
    if (load.errorSamples.length > 0) console.log(`# soak error samples: ${load.errorSamples.slice(0, 5).join(' | ')}`);

    assert.ok(alive, 'the service process is alive after the soak');
    assert.equal(c.http5xx, 0, 'no HTTP 5xx');
    assert.equal(lost, 0, 'every AReq that got an ARes is stored');
    assert.equal(ds.duplicates, 0, 'no RReq sent twice');
    assert.deepEqual(
      completed.filter((id) => ds.count(id) !== 1),
      [],
      'every completed challenge has its RReq',
    );
  });
});

/** A DS simulator that only counts RReqs per transaction (ten minutes of them would not fit in DsPeer's list). */
class CountingDs {
  readonly #seen = new Map<string, number>();
  total = 0;
  duplicates = 0;
  #server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let data = '';
      req.on('data', (d: Buffer) => {
        data += d.toString();
      });
      req.on('end', () => {
        let body: Record<string, string>;
        try {
          body = JSON.parse(data) as Record<string, string>;
        } catch {
          res.writeHead(400).end();
          return;
        }
        const id = body.acsTransID ?? '';
        const n = (this.#seen.get(id) ?? 0) + 1;
        this.#seen.set(id, n);
        this.total++;
        if (n === 2) this.duplicates++;
        const rres = {
          messageType: 'RRes',
          messageVersion: body.messageVersion,
          threeDSServerTransID: body.threeDSServerTransID,
          acsTransID: body.acsTransID,
          dsTransID: body.dsTransID,
          resultsStatus: '01',
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rres));
      });
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/rreq`;
    return this;
  }

  count(acsTransID: string): number {
    return this.#seen.get(acsTransID) ?? 0;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}

async function missing(database: TestDatabase, ids: readonly string[]): Promise<number> {
  let found = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const row = await database.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('acs_trans_id', 'in', ids.slice(i, i + 5000))
      .executeTakeFirstOrThrow();
    found += Number(row.n);
  }
  return ids.length - found;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
