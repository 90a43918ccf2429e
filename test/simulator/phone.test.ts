import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { maskPhone } from '../../src/infra/crypto/mask.ts';
import { newId } from '../../src/infra/ids.ts';
import { forEachDialect } from '../support/databases.ts';
import { type DemoServer, startDemoServer } from './harness.ts';

forEachDialect('phone inbox', (getDb) => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer(getDb());
  });
  after(() => demo.server.close());

  async function insertSms(to: string, body: string, at: Date) {
    const { keys } = demo.server;
    const id = newId('sms', at.getTime());
    await getDb()
      .db.insertInto('sms_messages')
      .values({
        id,
        to_mac: keys.mac('phone', to),
        to_enc: keys.encrypt(to, 'phone'),
        to_masked: maskPhone(to),
        body_enc: keys.encrypt(body, 'sms'),
        purpose: 'purchase',
        acs_trans_id: null,
        provider: 'outbox',
        provider_message_id: null,
        status: 'sent',
        error: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return id;
  }

  test('shows the outbox as a phone: masked number, Japan time, body, newest first; refreshes every 3 s', async () => {
    const older = new Date('2026-11-25T03:00:00Z');
    const newer = new Date('2026-11-25T03:00:05Z');
    await insertSms('+819012345678', 'ninshoカード 認証コード 111111', older);
    await insertSms('+819012345678', 'ninshoカード 認証コード 482913 <b>', newer);
    const res = await fetch(`${demo.server.url}/dev/phone`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<html lang="ja">/);
    assert.match(html, /<meta http-equiv="refresh" content="3"/);
    assert.ok(html.includes('090-****-5678'));
    assert.ok(!html.includes('9012345678'), 'the number is masked');
    assert.ok(html.includes('2026/11/25 12:00:05'), 'Japan time');
    assert.ok(html.includes('482913 &lt;b&gt;'), 'the body is shown, escaped');
    assert.ok(html.indexOf('482913') < html.indexOf('111111'), 'newest first');
    const en = await (await fetch(`${demo.server.url}/dev/phone?lang=en`)).text();
    assert.match(en, /<html lang="en">/);
  });

  test('latest.json returns the newest messages, optionally only those after a time', async () => {
    const at = new Date(Date.now() + 60_000);
    const id = await insertSms('+818023456789', 'code 907310', at);
    const all = (await (await fetch(`${demo.server.url}/dev/phone/latest.json`)).json()) as {
      messages: Array<{ id: string; to: string; body: string; at: string }>;
    };
    assert.deepEqual(all.messages[0], { id, to: '080-****-6789', body: 'code 907310', at: at.toISOString() });
    const since = new Date(at.getTime() - 1).toISOString();
    const after = (await (await fetch(`${demo.server.url}/dev/phone/latest.json?after=${since}`)).json()) as {
      messages: unknown[];
    };
    assert.equal(after.messages.length, 1);
    const later = await fetch(`${demo.server.url}/dev/phone/latest.json?after=${encodeURIComponent(at.toISOString())}`);
    assert.deepEqual(await later.json(), { messages: [] });
    const bad = await fetch(`${demo.server.url}/dev/phone/latest.json?after=yesterday`);
    assert.equal(bad.status, 400);
  });
});
