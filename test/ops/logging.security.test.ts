import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createApp } from '../../src/app/http/app.ts';
import { systemClock } from '../../src/app/runtime.ts';
import { PeriodicTask } from '../../src/infra/jobs/periodic.ts';
import { enqueueJob } from '../../src/infra/jobs/queue.ts';
import { JobWorker } from '../../src/infra/jobs/worker.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

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

const PAN = '4111111111111111';
const PHONE = '+819012345678';
const CODE = '493817';

test('no PAN, phone or code reaches a log line, through any logging path', () => {
  const { lines, logger } = capture();
  logger.info({ pan: PAN, phone: PHONE, otp: CODE }, 'structured');
  logger.info({ nested: { acctNumber: PAN, to: PHONE, code: CODE } }, 'nested');
  logger.info({ note: `card ${PAN} phone ${PHONE} code ${CODE}` }, 'free text in a field');
  logger.info(`message text with ${PAN}, 090-1234-5678 and ${CODE}`);
  logger.warn({ err: new Error(`failed for ${PAN} / ${PHONE} / ${CODE}`) }, 'error object');
  logger
    .child({ requestId: 'r1', body: { acctNumber: PAN } })
    .error({ deeper: [{ text: `x${CODE}y ${PAN}` }] }, 'child');
  const all = lines.join('\n');
  for (const secret of [PAN, PHONE, '09012345678', '090-1234-5678', CODE])
    assert.ok(!all.includes(secret), `${secret} leaked: ${all}`);
  assert.equal(lines.length, 6);
});

const TXN_ID = 'txn_01m916v123456789abcdefghjk';
const UUID = '3f250400-4f89-11d3-9a0c-030512345678';

/** A known error whose message carries an id worth keeping and data that must go. */
class KnownFault extends Error {
  override name = 'KnownFault';
}
const knownFault = () => new KnownFault(`knownfault ${TXN_ID} ${UUID} pan ${PAN} phone ${PHONE} code ${CODE}`);

/** The line that logged the known fault keeps its type, message and stack; no PAN, phone or code anywhere. */
function assertFaultLogged(lines: string[], path: string): void {
  const line = lines.find((l) => l.includes('knownfault'));
  assert.ok(line, `${path}: no line carries the error: ${lines.join('')}`);
  const entry = JSON.parse(line) as { err?: { type?: string; message?: string; stack?: string } };
  assert.equal(entry.err?.type, 'KnownFault', `${path}: ${line}`);
  assert.match(entry.err?.message ?? '', new RegExp(`^knownfault ${TXN_ID} ${UUID} pan \\[pan\\]`), path);
  assert.match(entry.err?.stack ?? '', /KnownFault: knownfault[\s\S]*logging\.security\.test\.ts/, path);
  for (const secret of [PAN, PHONE, CODE]) assert.ok(!line.includes(secret), `${path}: ${secret} leaked: ${line}`);
}

test('an error logged by pino directly keeps its message, type and stack; ids survive', () => {
  for (const log of [
    (l: ReturnType<typeof capture>['logger']) => l.error(knownFault()),
    (l: ReturnType<typeof capture>['logger']) => l.error({ err: knownFault() }),
    (l: ReturnType<typeof capture>['logger']) =>
      l.error({ err: knownFault(), jobId: 'job_01m916v1234567abcdefghjk' }, 'x'),
  ]) {
    const { lines, logger } = capture();
    log(logger);
    assertFaultLogged(lines, 'pino');
    assert.ok(!lines[0]?.includes('[object Object]'), lines[0]);
  }
  const { lines, logger } = capture();
  logger.info({ jobId: 'job_01m916v1234567abcdefghjk', transId: UUID, opr: 'opr_01m916v9876543210abcdefgh' }, 'ids');
  for (const id of ['job_01m916v1234567abcdefghjk', UUID, 'opr_01m916v9876543210abcdefgh'])
    assert.ok(lines[0]?.includes(id), `${id} mangled: ${lines[0]}`);
});

test('a sweeper failure is logged with its error', async () => {
  const { lines, logger } = capture();
  const task = new PeriodicTask('test sweeper', () => Promise.reject(knownFault()), logger, 5);
  task.start();
  for (let i = 0; i < 200 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await task.stop();
  assertFaultLogged(lines, 'sweeper');
});

forEachDialect('errors in logs', (getDb) => {
  let server: TestServer;
  let lines: string[];
  before(async () => {
    const cap = capture();
    lines = cap.lines;
    server = await startTestServer(getDb(), { logger: cap.logger });
  });
  after(() => server.close());

  test('a request handler error reaches the log through app.onError', async () => {
    const app = createApp(server.server.deps, [
      (a) =>
        a.get('/boom', () => {
          throw knownFault();
        }),
    ]);
    const res = await app.request('/boom');
    assert.equal(res.status, 500);
    assert.ok(!(await res.text()).includes('knownfault'));
    assertFaultLogged(lines, 'app.onError');
  });

  test('a job handler error reaches the log with its job id', async () => {
    const cap = capture();
    const worker = new JobWorker(getDb().db, systemClock, cap.logger, {
      email: {
        retryWindowMs: 0,
        run: () => Promise.reject(knownFault()),
      },
    });
    const id = await enqueueJob(getDb().db, { kind: 'email', payload: {}, at: new Date() });
    await worker.runNow(id);
    assertFaultLogged(cap.lines, 'job worker');
    assert.ok(
      cap.lines.some((l) => l.includes(`"jobId":"${id}"`)),
      cap.lines.join(''),
    );
  });
});

forEachDialect('personal data at rest and in logs', (getDb) => {
  let server: TestServer;
  let lines: string[];
  before(async () => {
    const cap = capture();
    lines = cap.lines;
    server = await startTestServer(getDb(), { logger: cap.logger });
  });
  after(() => server.close());

  test('the database holds no PAN or phone in clear, and the service logs none', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    await postAReq(server.url, browserAReq(holder.pan));
    await postAReq(server.url, `{"acctNumber":"${holder.pan}"`);
    for (const table of ['cards', 'phone_bindings', 'messages', 'transactions', 'audit_log', 'members']) {
      const rows = await sql.raw(`select * from ${table}`).execute(getDb().db);
      const text = JSON.stringify(rows.rows);
      assert.ok(!text.includes(holder.pan), `PAN in clear in ${table}`);
      assert.ok(!text.includes(holder.phone) && !text.includes(holder.phone.slice(3)), `phone in clear in ${table}`);
    }
    const all = lines.join('\n');
    assert.ok(!all.includes(holder.pan) && !all.includes(holder.phone));
  });
});
