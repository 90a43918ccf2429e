import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { areqMutations, mutateAReq } from '../support/areq-mutations.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  formsOfVisitor,
  hostileQuery,
  hostileText,
  QUERY_NAMES,
  signedInVisitors,
  submit,
} from '../web/support/form-walk.ts';
import { recordReliability } from './record.ts';

/** Issue 14 "Done when": a 100,000-AReq fuzz and a fuzz of every form and query string (5xx count). */
const AREQS = Number(process.env.FUZZ_AREQS ?? 100_000);
const FORM_RUNS = Number(process.env.FUZZ_FORM_RUNS ?? 60);
const QUERY_RUNS = Number(process.env.FUZZ_QUERY_RUNS ?? 30);
const CONCURRENCY = 16;
const SEED = Number(process.env.FUZZ_SEED ?? 14);

const mb = (n: number) => Math.round(n / 1024 / 1024);

/** Runs `work` over `count` items with a fixed number in flight. */
async function pool(count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

describe(`hostile input fuzz [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database);
  });
  after(async () => {
    await server.close();
    await database.close();
  });

  test(`${AREQS} fuzzed AReqs through the real listener: 0 HTTP 5xx`, async () => {
    const holder = await seedCardholder(database.db, server.keys);
    await server.server.deps.ranges.load();
    const base = browserAReq(holder.pan);
    const counts = { ares: 0, erro: 0, http4xx: 0, http5xx: 0, failed: 0 };
    const rssStart = process.memoryUsage().rss;
    const started = performance.now();
    const batch = 1000;
    for (let from = 0; from < AREQS; from += batch) {
      const samples = fc.sample(areqMutations, { numRuns: Math.min(batch, AREQS - from), seed: SEED + from });
      await pool(samples.length, async (i) => {
        const { text } = mutateAReq(base, samples[i]!);
        try {
          const res = await fetch(`${server.url}/3ds/areq`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: text,
          });
          const body = await res.text();
          if (res.status >= 500) counts.http5xx++;
          else if (res.status >= 400) counts.http4xx++;
          else if (body.includes('"messageType":"Erro"')) counts.erro++;
          else counts.ares++;
        } catch {
          counts.failed++;
        }
      });
    }
    const seconds = (performance.now() - started) / 1000;
    const healthy = (await fetch(`${server.url}/healthz`)).status === 200;
    recordReliability('fuzz-areq', {
      dialect: database.dialect,
      areqs: AREQS,
      ...counts,
      seconds: Math.round(seconds),
      perSecond: Math.round(AREQS / seconds),
      rssStartMB: mb(rssStart),
      rssEndMB: mb(process.memoryUsage().rss),
      processAlive: healthy,
    });
    assert.equal(counts.http5xx, 0);
    assert.equal(counts.failed, 0, 'every AReq got an HTTP answer');
    assert.ok(healthy);
  });

  test('every form field and query parameter of the portal and console, signed in: 0 HTTP 5xx', async () => {
    const { visitors } = await signedInVisitors(server, database.db);
    const counts = { forms: 0, submissions: 0, queries: 0, http4xx: 0, http5xx: 0 };
    const fivexx: string[] = [];
    const count = (status: number, what: string) => {
      if (status >= 500) {
        counts.http5xx++;
        if (fivexx.length < 10) fivexx.push(`${status} ${what}`);
      } else if (status >= 400) counts.http4xx++;
    };
    const started = performance.now();
    for (const visitor of visitors) {
      const forms = await formsOfVisitor(visitor);
      counts.forms += forms.length;
      for (const form of forms) {
        const fields = [...form.fields, ...form.files];
        if (fields.length === 0) continue;
        const values = fc.record(Object.fromEntries(fields.map((f) => [f, hostileText])));
        for (const sample of fc.sample(values, { numRuns: FORM_RUNS, seed: SEED })) {
          counts.submissions++;
          count(await submit(visitor, form, sample), `${visitor.name} ${form.method} ${form.action}`);
        }
      }
      const params = fc.dictionary(fc.constantFrom(...QUERY_NAMES), hostileQuery, { minKeys: 1, maxKeys: 5 });
      for (const path of visitor.pages) {
        for (const sample of fc.sample(params, { numRuns: QUERY_RUNS, seed: SEED })) {
          const query = Object.entries(sample)
            .map(([k, v]) => `${k}=${v}`)
            .join('&');
          counts.queries++;
          count(await visitor.send(`${path}?${query}`), `${visitor.name} GET ${path}?${query}`);
        }
      }
    }
    recordReliability('fuzz-forms', {
      dialect: database.dialect,
      visitors: visitors.length,
      ...counts,
      seconds: Math.round((performance.now() - started) / 1000),
    });
    assert.deepEqual(fivexx, []);
  });
});
