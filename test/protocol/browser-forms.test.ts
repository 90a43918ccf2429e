import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkChallengeForm, checkMethodData, checkResultForm } from '../../src/protocol/browser-forms.ts';
import { ChallengeClient, newUuid } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// fields.json objects ThreeDSMethodData, ChallengeForm and ResultForm (docs/protocol.md "Browser forms").

const URL_2048 = `https://3dss.example.net/${'n'.repeat(2048 - 25)}`;

describe('browser forms from the table', () => {
  test('threeDSMethodData: threeDSServerTransID (UUID) and threeDSMethodNotificationURL (required, ≤ 2,048)', () => {
    const id = newUuid();
    assert.equal(URL_2048.length, 2048);
    assert.deepEqual(checkMethodData({ threeDSServerTransID: id, threeDSMethodNotificationURL: URL_2048 }), {
      ok: true,
    });
    assert.deepEqual(checkMethodData({ threeDSServerTransID: id }), {
      ok: false,
      errorCode: '201',
      field: 'threeDSMethodNotificationURL',
    });
    assert.deepEqual(checkMethodData({ threeDSServerTransID: id, threeDSMethodNotificationURL: `${URL_2048}x` }), {
      ok: false,
      errorCode: '203',
      field: 'threeDSMethodNotificationURL',
    });
    assert.deepEqual(checkMethodData({ threeDSServerTransID: 'nope', threeDSMethodNotificationURL: URL_2048 }), {
      ok: false,
      errorCode: '203',
      field: 'threeDSServerTransID',
    });
  });

  test('threeDSSessionData: optional, ≤ 1,024 base64url characters', () => {
    const creq = 'eyJhIjoxfQ';
    assert.deepEqual(checkChallengeForm({ creq }), { ok: true });
    assert.deepEqual(checkChallengeForm({ creq: `${creq}==`, threeDSSessionData: 'A'.repeat(1024) }), { ok: true });
    assert.deepEqual(checkChallengeForm({ creq, threeDSSessionData: '' }), { ok: true }, 'empty = not sent');
    for (const bad of ['A'.repeat(1025), 'c2Vzc2lvbi0x==', 'a+b/c']) {
      assert.deepEqual(checkChallengeForm({ creq, threeDSSessionData: bad }), {
        ok: false,
        errorCode: '203',
        field: 'threeDSSessionData',
      });
    }
    assert.deepEqual(checkChallengeForm({ threeDSSessionData: 'abc' }), { ok: false, errorCode: '201', field: 'creq' });
    assert.deepEqual(checkResultForm({ cres: 'eyJhIjoxfQ', threeDSSessionData: 'abc' }), { ok: true });
  });
});

forEachDialect('browser forms over HTTP', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  const methodPost = (data: object) =>
    fetch(`${server.url}/3ds/method`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ threeDSMethodData: Buffer.from(JSON.stringify(data)).toString('base64url') }),
    });

  test('POST /3ds/method: a notification URL over 2,048 characters or missing → 400; 2,048 → the page', async () => {
    const id = newUuid();
    assert.equal((await methodPost({ threeDSServerTransID: id, threeDSMethodNotificationURL: URL_2048 })).status, 200);
    const long = await methodPost({ threeDSServerTransID: newUuid(), threeDSMethodNotificationURL: `${URL_2048}x` });
    assert.equal(long.status, 400);
    assert.equal((await methodPost({ threeDSServerTransID: newUuid() })).status, 400);
  });

  async function challenged() {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    assert.equal((await client.areq(holder.pan)).transStatus, 'C');
    return client;
  }

  test('POST /3ds/challenge: threeDSSessionData over 1,024 or not base64url → 400, nothing opened', async () => {
    const client = await challenged();
    for (const bad of ['A'.repeat(1025), 'not base64url!']) {
      const res = await client.creq('05', '2.2.0', bad);
      assert.equal(res.status, 400, bad.slice(0, 20));
    }
    const row = await getDb()
      .db.selectFrom('transactions')
      .select('state')
      .where('acs_trans_id', '=', client.acsTransID)
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'challenge_issued');
  });

  test('threeDSSessionData of 1,024 characters is echoed with the final CRes, in a form the table accepts', async () => {
    const client = await challenged();
    const sessionData = 'S'.repeat(1024);
    assert.equal((await client.creq('05', '2.2.0', sessionData)).status, 200);
    await client.cancel();
    const echoed = /name="threeDSSessionData"[^>]*value="([^"]*)"/.exec(client.html)?.[1];
    assert.equal(echoed, sessionData);
    const cres = /name="cres"[^>]*value="([^"]*)"/.exec(client.html)?.[1];
    assert.deepEqual(checkResultForm({ cres, threeDSSessionData: echoed }), { ok: true });
  });
});
