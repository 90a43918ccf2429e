import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createLogger } from '../../src/logger.ts';
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
    await postAReq(server.url, '{"acctNumber":"' + holder.pan + '"');
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
