import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { earliestEffectiveDate } from '../../src/core/terms.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** The console's 「パスキーによる認証を含む」 switch on a terms draft (terms art. 12, docs/passkeys.md). */
forEachDialect('terms draft: covers passkeys', (getDb) => {
  let server: TestServer;
  let admin: ConsoleClient;
  let csrf: string;
  const clock = new ManualClock(new Date());

  before(async () => {
    server = await startTestServer(getDb(), { clock });
    const op = await makeOperator(getDb().db, server.keys, 'admin');
    admin = new ConsoleClient(server.url);
    csrf = await admin.signIn(op.principal.username, op.password, op.secret, clock.now());
  });
  after(() => server.close());

  const fields = (version: string, extra: Record<string, string> = {}) => ({
    csrf,
    version,
    effectiveDate: earliestEffectiveDate(clock.now()),
    title: `本人認証サービス利用規約（${version} 版）`,
    body: 'パスキーによる本人認証を定めます。',
    changeSummary: 'パスキーを加えます。',
    changeSummaryEn: 'Adds passkeys.',
    ...extra,
  });

  async function stored(id: string) {
    const row = await getDb()
      .db.selectFrom('terms_versions')
      .select(['covers_passkeys', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const audit = await getDb()
      .db.selectFrom('audit_log')
      .select(['action', 'after'])
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute();
    return {
      covers: row.covers_passkeys,
      audit: audit.map((a) => [a.action, a.after as Record<string, unknown> | null] as const),
    };
  }

  test('ticked on a new draft: stored, shown on its page, audited; unticked on edit: cleared and audited', async () => {
    const form = await admin.request('/console/terms');
    assert.match(form.text, /name="coversPasskeys" value="1"\/> パスキーによる認証を含む/);
    const { res } = await admin.request('/console/terms', { form: fields('pk-1', { coversPasskeys: '1' }) });
    assert.equal(res.status, 303);
    const id = /\/console\/terms\/([^?/]+)/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
    let s = await stored(id);
    assert.equal(s.covers, true);
    assert.deepEqual(s.audit[0], [
      'terms.draft.create',
      { version: 'pk-1', effectiveDate: fields('x').effectiveDate, coversPasskeys: true },
    ]);
    const page = await admin.request(`/console/terms/${id}`);
    assert.match(page.text, /id="terms-passkeys" data-covers-passkeys="true">含む</);
    assert.match(page.text, /id="t-passkeys"[^>]*checked/);
    assert.match((await admin.request(`/console/terms/${id}?lang=en`)).text, />covered</);

    const edited = await admin.request(`/console/terms/${id}`, { form: fields('pk-1') });
    assert.equal(edited.res.status, 303);
    s = await stored(id);
    assert.equal(s.covers, false);
    assert.equal(s.audit[1]?.[0], 'terms.draft.update');
    assert.equal(s.audit[1]?.[1]?.coversPasskeys, false);
    assert.match((await admin.request(`/console/terms/${id}`)).text, /data-covers-passkeys="false">含まない</);
  });

  test('a value other than 1 is refused with 400, naming the field, and changes nothing', async () => {
    const { res } = await admin.request('/console/terms', { form: fields('pk-2') });
    const id = /\/console\/terms\/([^?/]+)/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
    assert.equal((await stored(id)).covers, false, 'unticked by default');
    const bad = await admin.request(`/console/terms/${id}`, { form: fields('pk-2', { coversPasskeys: 'yes' }) });
    assert.equal(bad.res.status, 400);
    assert.match(bad.text, /coversPasskeys/);
    const s = await stored(id);
    assert.equal(s.covers, false);
    assert.equal(s.audit.length, 1, 'only the creation is audited');
    const badNew = await admin.request('/console/terms', { form: fields('pk-3', { coversPasskeys: 'on' }) });
    assert.equal(badNew.res.status, 400);
  });
});
