import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 14 item 8: what the 3DS Method learned about a browser is written once, by that browser. A second
 * post for the same threeDSServerTransID (to /3ds/method or /3ds/method/collect, with or without a token)
 * changes nothing and is answered exactly like the first.
 */
forEachDialect('3DS Method data binding', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  const notify = 'http://127.0.0.1:9/method-notify';
  const methodData = (id: string) =>
    Buffer.from(JSON.stringify({ threeDSServerTransID: id, threeDSMethodNotificationURL: notify })).toString(
      'base64url',
    );
  async function post(path: string, fields: Record<string, string>, userAgent = 'merchant-browser') {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: res.status, type: res.headers.get('content-type'), html: await res.text() };
  }
  const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  /** The page with what must differ between two answers (nonces, tokens) blanked. */
  const shape = (html: string) =>
    html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/name="collect" value="[^"]*"/, '');
  const stored = async (id: string) =>
    (
      await getDb()
        .db.selectFrom('method_data')
        .select('data')
        .where('three_ds_server_trans_id', '=', id)
        .executeTakeFirstOrThrow()
    ).data as { headers: { userAgent: string }; device?: Record<string, unknown> };

  test('a second method post or a foreign collect post cannot replace the first browser’s data', async () => {
    const id = randomUUID();
    const first = await post('/3ds/method', { threeDSMethodData: methodData(id) });
    assert.equal(first.status, 200);
    const token = field(first.html, 'collect');
    const collected = await post('/3ds/method/collect', {
      threeDSServerTransID: id,
      notificationURL: notify,
      collect: token,
      device: JSON.stringify({ screenWidth: 390, timeZone: 'Asia/Tokyo' }),
    });
    assert.equal(collected.status, 200);
    assert.deepEqual((await stored(id)).device, { screenWidth: 390, timeZone: 'Asia/Tokyo' });

    // Someone else re-posts the method data for the same id: same answer, nothing replaced.
    const second = await post('/3ds/method', { threeDSMethodData: methodData(id) }, 'attacker');
    assert.deepEqual([second.status, second.type], [first.status, first.type]);
    assert.equal(shape(second.html), shape(first.html), 'answered like the first');
    const forged = { threeDSServerTransID: id, notificationURL: notify, device: JSON.stringify({ screenWidth: 1 }) };
    const answers = [
      await post('/3ds/method/collect', { ...forged, collect: field(second.html, 'collect') }, 'attacker'),
      await post('/3ds/method/collect', forged, 'attacker'),
      await post('/3ds/method/collect', { ...forged, collect: token }, 'attacker'),
    ];
    for (const answer of answers) {
      assert.deepEqual([answer.status, answer.type], [collected.status, collected.type]);
      assert.equal(shape(answer.html), shape(collected.html), 'answered like the first collect');
    }
    const data = await stored(id);
    assert.equal(data.headers.userAgent, 'merchant-browser');
    assert.deepEqual(data.device, { screenWidth: 390, timeZone: 'Asia/Tokyo' });
    assert.ok(token.length >= 32, 'the page carries a one-time collect token');
  });

  test('a token is bound to its threeDSServerTransID', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const pageA = await post('/3ds/method', { threeDSMethodData: methodData(a) });
    await post('/3ds/method', { threeDSMethodData: methodData(b) });
    await post('/3ds/method/collect', {
      threeDSServerTransID: b,
      notificationURL: notify,
      collect: field(pageA.html, 'collect'),
      device: JSON.stringify({ screenWidth: 1 }),
    });
    assert.equal((await stored(b)).device, undefined);
  });
});
