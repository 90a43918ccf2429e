import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemClock } from '../../src/app/runtime.ts';
import { endWindow, startEmergencyStop } from '../../src/features/operations/service/windows.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { PortalClient, registrationCodeFor, seedPortalMember } from './support.ts';

const TEXT = { title: '停止', titleEn: 'Paused', body: '停止しています。', bodyEn: 'Paused.' };

/** terms art. 11: while registration, SMS or the whole service is paused, no phone is registered or changed. */
forEachDialect('portal: phone registration while the service is paused', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(async () => {
    await server.close();
  });

  const deps = () => ({ db: getDb().db, clock: systemClock });
  const pause = (scope: string) => startEmergencyStop(deps(), { ...TEXT, scope }, 'operator:test');
  const resume = (id: string) => endWindow(deps(), id, 'operator:test', 'over');

  async function signedIn(enrolled: boolean) {
    const holder = await seedPortalMember(getDb().db, server.keys, { enrolled });
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    return { holder, client };
  }

  async function attempts(enetId: string): Promise<number> {
    const rows = await getDb()
      .db.selectFrom('phone_registration_attempts')
      .select('id')
      .where('enet_id', '=', enetId)
      .execute();
    return rows.length;
  }

  for (const scope of ['registration', 'sms', 'all'] as const) {
    test(`scope ${scope}: home says so, the form is replaced by the notice, a posted number is refused (409)`, async () => {
      const { holder, client } = await signedIn(false);
      const id = await pause(scope);
      try {
        const home = await client.get('/enet');
        assert.match(home.html, /id="paused"/);
        assert.match(home.html, new RegExp(`data-paused="${scope}"`));
        assert.match(home.html, /id="registration-paused"/);
        assert.doesNotMatch(home.html, /href="\/enet\/phone"/, 'no register or change link');
        const form = await client.get('/enet/phone');
        assert.equal(form.status, 200);
        assert.match(form.html, /電話番号の登録・変更は現在停止しています/);
        assert.doesNotMatch(form.html, /name="phone"/);
        const posted = await client.post('/enet/phone', { phone: holder.phone, agree: 'terms_2024-05-31' });
        assert.equal(posted.status, 409);
        assert.match(posted.html, /現在停止しています/);
        assert.equal(await attempts(holder.enetId), 0, 'no attempt, no code sent');
      } finally {
        await resume(id);
      }
      const home = await client.get('/enet');
      assert.doesNotMatch(home.html, /id="paused"/);
      const form = await client.get('/enet/phone');
      const version = /id="agree"[^>]*value="([^"]+)"/.exec(form.html)?.[1] ?? '';
      const ok = await client.post('/enet/phone', { phone: holder.phone, agree: version });
      assert.equal(ok.status, 303, 'registration works again once the pause ends');
    });
  }

  test('a pause that starts after the code was sent stops the confirmation too', async () => {
    const { db } = getDb();
    const { holder, client } = await signedIn(false);
    const form = await client.get('/enet/phone');
    const version = /id="agree"[^>]*value="([^"]+)"/.exec(form.html)?.[1] ?? '';
    assert.equal((await client.post('/enet/phone', { phone: holder.phone, agree: version })).status, 303);
    const code = await registrationCodeFor(db, server.keys, holder.phone);
    const id = await pause('registration');
    try {
      await client.get('/enet/phone/confirm');
      const refused = await client.post('/enet/phone/confirm', { code });
      assert.equal(refused.status, 409);
      const resend = await client.post('/enet/phone/resend', { resend: '1' });
      assert.equal(resend.status, 409);
      const member = await db
        .selectFrom('members')
        .select('enrollment')
        .where('enet_id', '=', holder.enetId)
        .executeTakeFirstOrThrow();
      assert.equal(member.enrollment, 'not_enrolled');
    } finally {
      await resume(id);
    }
    await client.get('/enet/phone/confirm');
    assert.equal((await client.post('/enet/phone/confirm', { code })).status, 303);
  });

  test('a card-range pause names the member’s card and leaves registration open', async () => {
    const { client } = await signedIn(true);
    const range = await getDb().db.selectFrom('card_ranges').select('id').executeTakeFirstOrThrow();
    const id = await pause(`range:${range.id}`);
    try {
      const home = await client.get('/enet');
      assert.match(home.html, /data-paused="card"/);
      assert.match(home.html, /カード \*\*\*\* \*\*\*\* \*\*\*\* \d{4} の本人認証を停止しています/);
      assert.doesNotMatch(home.html, /id="registration-paused"/);
      assert.match(home.html, /電話番号を変更する/);
      assert.match(home.html, /再開の時期は決まりしだいお知らせします/);
    } finally {
      await resume(id);
    }
  });
});
