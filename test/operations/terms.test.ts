import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { earliestEffectiveDate, jstMidnight } from '../../src/core/terms.ts';
import { termsInForceOn as termsInForceOnPortal } from '../../src/features/portal/service/terms.ts';
import { listTermsVersions, termsInForceOn } from '../../src/features/terms/service/versions.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { PortalClient, seedPortalMember } from '../portal/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { type SmtpPeer, startSmtpPeer } from '../support/peers/smtp-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const V1 = 'terms_2024-05-31';

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

forEachDialect('terms versions (terms art. 12)', (getDb) => {
  let server: TestServer;
  let peer: SmtpPeer;
  let admin: ConsoleClient;
  let csrf: string;
  // The server's clock: real time at first (TOTP sign-in), then moved past the effective date.
  const clock = new ManualClock(new Date());

  before(async () => {
    peer = await startSmtpPeer();
    server = await startTestServer(getDb(), { clock, env: { SMTP_URL: peer.url() } });
    const op = await makeOperator(getDb().db, server.keys, 'admin');
    admin = new ConsoleClient(server.url);
    csrf = await admin.signIn(op.principal.username, op.password, op.secret, clock.now());
  });
  after(async () => {
    await server.close();
    await peer.close();
  });

  async function draft(version: string, effectiveDate: string, body: string): Promise<string> {
    const { res } = await admin.request('/console/terms', {
      form: {
        csrf,
        version,
        effectiveDate,
        title: `本人認証サービス利用規約（${version} 版）`,
        body,
        changeSummary: '第5条の届出期限を明確にしました。',
        changeSummaryEn: 'Article 5 now states the reporting deadline plainly.',
      },
    });
    assert.equal(res.status, 303, 'draft created');
    const id = /\/console\/terms\/([^?/]+)/.exec(res.headers.get('location') ?? '')?.[1];
    assert.ok(id);
    return id;
  }

  test('drafts stay invisible, a date that is not in the future is refused, and the diff shows the change', async () => {
    const { db } = getDb();
    const v1 = await termsInForceOn(db, clock.now());
    assert.equal(v1?.id, V1);
    const body = `${v1.body}\n\n8. 追加の条項\n（下書きの本文）`;
    const id = await draft(
      'draft-x',
      earliestEffectiveDate(clock.now()),
      body.replace('60 日以内', '60 日以内（必ず）'),
    );

    const page = await admin.request(`/console/terms/${id}?lang=en`);
    assert.equal(page.res.status, 200);
    assert.match(page.text, /<del>− [^<]*60 日以内に届け出/);
    assert.match(page.text, /<ins>\+ [^<]*60 日以内（必ず）/);
    assert.match(page.text, /<ins>\+ 8\. 追加の条項/);
    assert.match(page.text, /id="terms-state" data-state="draft"/);

    // not on /notices, not public, not in force, not in the portal
    assert.doesNotMatch(await (await fetch(`${server.url}/notices`)).text(), /draft-x/);
    assert.equal((await fetch(`${server.url}/notices/terms/${id}`)).status, 404);
    assert.equal((await termsInForceOn(db, new Date('2099-01-01T00:00:00Z')))?.id, V1);
    const member = await seedPortalMember(db, server.keys);
    const portal = new PortalClient(server.url);
    await portal.signIn(member.enetId);
    assert.doesNotMatch((await portal.get('/enet/terms')).html, /draft-x/);

    // today (Japan time) is too soon: refused with 400, nothing published, nothing mailed
    const today = earliestEffectiveDate(new Date(clock.now().getTime() - 86_400_000));
    const early = await draft('draft-today', today, body);
    const refused = await admin.request(`/console/terms/${early}/publish`, { form: { csrf, confirm: '1' } });
    assert.equal(refused.res.status, 400);
    assert.match(refused.text, /tomorrow/);
    const row = await db
      .selectFrom('terms_versions')
      .select('status')
      .where('id', '=', early)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'draft');
    assert.equal((await db.selectFrom('mailings').select('id').execute()).length, 0);
    // a published version is never edited; a draft without confirmation is not published
    const noConfirm = await admin.request(`/console/terms/${id}/publish`, { form: { csrf } });
    assert.equal(noConfirm.res.status, 400);
  });

  test('publish v2 effective tomorrow → notice and emails; after JST midnight members are asked to accept v2', async () => {
    const { db } = getDb();
    const enrolled = [await seedPortalMember(db, server.keys), await seedPortalMember(db, server.keys)];
    const notEnrolled = await seedPortalMember(db, server.keys, { enrolled: false });
    // the first member accepted v1 earlier
    const first = new PortalClient(server.url);
    await first.signIn(enrolled[0]!.enetId);
    await first.get('/enet/terms');
    assert.equal((await first.post('/enet/terms/accept', { version: V1, agree: '1' })).status, 303);

    const tomorrow = earliestEffectiveDate(clock.now());
    const v1 = await termsInForceOn(db, clock.now());
    const id = await draft('v2', tomorrow, `${v1?.body}\n\n8. 規約の改定\n改定後の規約は効力発生日から適用します。`);
    const published = await admin.request(`/console/terms/${id}/publish`, { form: { csrf, confirm: '1' } });
    assert.equal(published.res.status, 303);
    const mailingId = /mailing=(mal_[a-z0-9]+)/.exec(published.res.headers.get('location') ?? '')?.[1];
    assert.ok(mailingId);

    // the notice: change summary and effective date on /notices (and the Atom feed), full text linked
    const [y, m, d] = tomorrow.split('-').map(Number);
    const notices = await (await fetch(`${server.url}/notices`)).text();
    assert.match(notices, new RegExp(`利用規約の改定（${y}年${m}月${d}日から適用）`));
    assert.match(notices, /第5条の届出期限を明確にしました。/);
    assert.match(notices, new RegExp(`/notices/terms/${id}`));
    const english = await (await fetch(`${server.url}/notices?lang=en`)).text();
    assert.match(english, new RegExp(`in force from ${tomorrow}`));
    const full = await fetch(`${server.url}/notices/terms/${id}`);
    assert.equal(full.status, 200);
    assert.match(await full.text(), /8\. 規約の改定/);

    // every enrolled member gets exactly one email through SMTP; the member not enrolled gets none
    const all = await db.selectFrom('members').select('email').where('enrollment', '=', 'enrolled').execute();
    const mails = await until('the mailing to reach every enrolled member', async () => {
      const got = peer.received().filter((x) => /利用規約の改定/.test(x.subject ?? ''));
      return got.length >= all.length ? got : undefined;
    });
    const to = mails.flatMap((x) => x.envelopeTo);
    assert.deepEqual([...to].sort(), all.map((x) => x.email).sort());
    assert.ok(!to.includes(`${notEnrolled.enetId}@example.jp`));
    assert.match(mails[0]?.text ?? '', /様\n/);
    assert.match(mails[0]?.text ?? '', /----- English -----/);
    assert.match(mails[0]?.text ?? '', new RegExp(`apply from 00:00 Japan time on ${tomorrow}`));
    // the console's progress page counts them
    const progress = await until('every email to be sent', async () => {
      const page = await admin.request(`/console/mailings/${mailingId}?lang=en`);
      return page.text.includes(`id="mailing-sent">${all.length}<`) ? page : undefined;
    });
    assert.equal(progress.res.status, 200);
    assert.match(progress.text, new RegExp(`id="mailing-total">${all.length}<`));
    assert.match(progress.text, /id="mailing-failed">0</);
    assert.match(progress.text, /id="mailing-status">all queued</);
    assert.equal(progress.res.headers.get('refresh'), null, 'a finished mailing stops refreshing');
    assert.match((await admin.request('/console/notices')).text, new RegExp(`/console/mailings/${mailingId}`));

    // termsInForceOn on both sides of midnight, Japan time (also through the old import path)
    const midnight = jstMidnight(tomorrow);
    assert.ok(midnight);
    assert.equal(midnight.getUTCHours(), 15);
    assert.equal((await termsInForceOn(db, new Date(midnight.getTime() - 1)))?.id, V1);
    assert.equal((await termsInForceOn(db, midnight))?.id, id);
    assert.equal((await termsInForceOnPortal(db, midnight))?.id, id);

    // before the date: announced in the portal, not asked yet
    const before = await first.get('/enet');
    assert.doesNotMatch(before.html, /id="terms-prompt"/);
    assert.match(before.html, /id="next-terms"/);

    // past the effective date, a member signing in is asked to accept v2
    clock.set(new Date(midnight.getTime() + 60_000));
    const member = new PortalClient(server.url);
    const signedIn = await member.signIn(enrolled[0]!.enetId);
    const home = await member.follow(signedIn);
    assert.match(home.html, /id="terms-prompt"/);
    assert.match(home.html, /利用規約が改定されました（v2 版）/);
    const terms = await member.get('/enet/terms');
    assert.match(terms.html, /v2 版/);
    assert.match(terms.html, /この版での主な変更点/);
    assert.match(terms.html, new RegExp(`name="version" value="${id}"`));
    assert.equal((await member.post('/enet/terms/accept', { version: id, agree: '1' })).status, 303);
    const consent = await db
      .selectFrom('terms_consents')
      .selectAll()
      .where('enet_id', '=', enrolled[0]!.enetId)
      .where('terms_version_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(new Date(consent.accepted_at).getTime(), clock.now().getTime());
    assert.match(consent.ip ?? '', /127\.0\.0\.1/);
    assert.doesNotMatch((await member.get('/enet')).html, /id="terms-prompt"/);

    const states = await listTermsVersions(db, clock.now());
    assert.equal(states.find((v) => v.row.id === V1)?.state, 'superseded');
    assert.equal(states.find((v) => v.row.id === id)?.state, 'in_force');
    assert.equal(states.find((v) => v.row.version === 'draft-x')?.state, 'draft');
    const audit = await db.selectFrom('audit_log').select('action').where('subject_id', '=', id).execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['terms.draft.create', 'terms.publish'],
    );
  });
});
