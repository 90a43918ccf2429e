import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_RISK_POLICY } from '../../src/core/risk/policies.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { rbaTermsInForce } from './support.ts';

/** The fields of the demo risk policy as the form posts them. */
const DEMO_FORM: Record<string, string> = {
  mode: 'risk',
  challengeNewDevice: 'on',
  frictionlessBelow: '35',
  refuseAtOrAbove: '85',
  maxFrictionlessYen: '100000',
  phoneChangeCooldownHours: '72',
  'cardTesting.cardAReqsPerHour': '5',
  'cardTesting.cardsPerDevicePerHour': '3',
  'cardTesting.cardsPerIpRangePerHour': '10',
  'exemptions.lowValueUpToYen': '5000',
  'exemptions.traUpToYen': '30000',
  'exemptions.maxScore': '55',
};

forEachDialect('console: an admin drafts a risk policy in a form', (getDb) => {
  let server: TestServer;
  let admin: { client: ConsoleClient; csrf: string };
  let auditor: ConsoleClient;
  before(async () => {
    server = await startTestServer(getDb());
    const op = await makeOperator(getDb().db, server.keys, 'admin');
    const client = new ConsoleClient(server.url);
    admin = { client, csrf: await client.signIn(op.principal.username, op.password, op.secret, new Date()) };
    const au = await makeOperator(getDb().db, server.keys, 'auditor');
    auditor = new ConsoleClient(server.url);
    await auditor.signIn(au.principal.username, au.password, au.secret, new Date());
  });
  after(() => server.close());

  const policies = async () =>
    (
      await getDb()
        .db.selectFrom('risk_policies')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  test('bad fields are refused beside each field, the input kept, nothing stored', async () => {
    const form = await admin.client.request('/console/risk/new');
    assert.equal(form.res.status, 200);
    assert.match(form.text, /id="rp-frictionlessBelow"[^>]*value="40"/, 'starts from the demo policy');
    const before = await policies();

    const bad = await admin.client.request('/console/risk?lang=en', {
      form: {
        ...DEMO_FORM,
        csrf: admin.csrf,
        name: '',
        frictionlessBelow: 'forty',
        refuseAtOrAbove: '200',
        'exemptions.traUpToYen': '-1',
      },
    });
    assert.equal(bad.res.status, 400);
    assert.match(bad.text, /id="rp-name-error">Enter a name</);
    assert.match(bad.text, /id="rp-frictionlessBelow"[^>]*value="forty"[^>]*aria-invalid="true"/);
    assert.match(bad.text, /id="rp-frictionlessBelow-error">Enter a whole number/);
    assert.match(bad.text, /id="rp-refuseAtOrAbove-error">At most 101</);
    assert.match(bad.text, /id="rp-exemptions-traUpToYen-error">Enter a whole number/);
    assert.doesNotMatch(bad.text, /id="rp-maxFrictionlessYen-error"/);

    const crossed = await admin.client.request('/console/risk', {
      form: { ...DEMO_FORM, csrf: admin.csrf, name: '逆転', frictionlessBelow: '90' },
    });
    assert.equal(crossed.res.status, 400);
    assert.match(crossed.text, /id="rp-frictionlessBelow-error">拒否するスコア以下にしてください</);
    assert.match(crossed.text, /id="rp-name"[^>]*value="逆転"/);
    assert.equal(await policies(), before);
  });

  test('a valid draft is stored with its terms version and audited; auditors may not draft', async () => {
    const db = getDb().db;
    const terms = await rbaTermsInForce(db, new Date(), 'terms_form_rba');
    const saved = await admin.client.request('/console/risk', {
      form: {
        ...DEMO_FORM,
        csrf: admin.csrf,
        name: 'リスクベース認証（35 未満）',
        nameEn: 'Risk-based (below 35)',
        termsVersionId: terms,
      },
    });
    assert.equal(saved.res.status, 303);
    const row = await db
      .selectFrom('risk_policies')
      .selectAll()
      .where('name_en', '=', 'Risk-based (below 35)')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.body, { ...DEMO_RISK_POLICY, frictionlessBelow: 35 });
    assert.equal(row.status, 'draft');
    assert.equal(row.terms_version_id, terms);
    const audit = await db.selectFrom('audit_log').select('action').where('subject_id', '=', row.id).execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['risk.policy_drafted'],
    );
    const list = await admin.client.request('/console/risk');
    assert.match(list.text, /リスクベース認証（35 未満）/);

    assert.equal((await auditor.request('/console/risk/new')).res.status, 403);
    assert.equal((await auditor.request('/console/risk', { form: { ...DEMO_FORM, name: 'x' } })).res.status, 403);
  });
});
