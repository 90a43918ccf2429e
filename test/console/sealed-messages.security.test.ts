import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { reencryptAll } from '../../src/infra/crypto/key-rotation.ts';
import { CARDHOLDER_FIELDS, openPersonalFields, SEALED } from '../../src/infra/crypto/sealed-message.ts';
import { newId } from '../../src/infra/ids.ts';
import fields from '../../src/protocol/data/fields.json' with { type: 'json' };
import { forEachDialect } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ConsoleClient, makeOperator } from './support.ts';

/** Cardholder data a merchant sends in an AReq (EMV 3DS Table A.1), each value easy to search for. */
const PERSONAL = {
  cardholderName: 'YAMADA HANAKO',
  email: 'hanako.sealed@example.jp',
  mobilePhone: { cc: '81', subscriber: '9087651234' },
  homePhone: { cc: '81', subscriber: '312345678' },
  workPhone: { cc: '81', subscriber: '355556666' },
  billAddrLine1: '1-2-3 Jingumae Sealed',
  billAddrCity: 'Shibuya-ku Billing',
  billAddrPostCode: '150-0001',
  shipAddrLine1: '4-5-6 Roppongi Sealed',
  shipAddrCity: 'Minato-ku Shipping',
  shipAddrPostCode: '106-0032',
};
const SECRETS = [
  'YAMADA HANAKO',
  'hanako.sealed@example.jp',
  '9087651234',
  '312345678',
  '355556666',
  'Jingumae Sealed',
  'Shibuya-ku Billing',
  '150-0001',
  'Roppongi Sealed',
  'Minato-ku Shipping',
  '106-0032',
];

test('every sealed field is an AReq field of fields.json', () => {
  const areqFields = new Set(Object.values(fields.messages.AReq).flatMap((list) => list.map((f) => f.name)));
  for (const name of CARDHOLDER_FIELDS) assert.ok(areqFields.has(name), name);
});

forEachDialect('cardholder data in the message log (issue 14 item 13)', (getDb) => {
  let server: TestServer;
  let holder: SeededCardholder;
  let acsTransId: string;
  before(async () => {
    server = await startTestServer(getDb());
    holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const answered = await postAReq(server.url, browserAReq(holder.pan, PERSONAL));
    assert.equal(answered.json.messageType, 'ARes', JSON.stringify(answered.json));
    acsTransId = answered.json.acsTransID ?? '';
    // Outside every card range: answered with Erro 305 and logged as an unmatched message.
    const unmatched = await postAReq(server.url, browserAReq('5555555555554444', PERSONAL));
    assert.equal(unmatched.json.errorCode, '305');
  });
  after(() => server.close());

  test('no cardholder field is readable in the message log; each row seals them in one blob', async () => {
    for (const table of ['message_log', 'messages', 'transactions']) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(getDb().db);
      const text = JSON.stringify(rows.rows);
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} readable in ${table}`);
    }
    const areqs = await getDb()
      .db.selectFrom('message_log')
      .select(['body', 'personal_enc', 'acs_trans_id'])
      .where('message_type', '=', 'AReq')
      .execute();
    assert.equal(areqs.length, 2, 'the answered AReq and the unmatched one');
    for (const row of areqs) {
      assert.equal(row.body.email, SEALED);
      assert.equal(row.body.shipAddrLine1, SEALED);
      assert.ok(row.personal_enc?.startsWith('e1.'));
      const opened = openPersonalFields(server.keys, row.personal_enc ?? '');
      for (const [name, value] of Object.entries(PERSONAL)) assert.deepEqual(opened[name], value, name);
    }
  });

  test('only operators and investigators reveal them, with a reason, audited in the same transaction', async () => {
    const investigator = await makeOperator(getDb().db, server.keys, 'investigator');
    const auditor = await makeOperator(getDb().db, server.keys, 'auditor');
    const inv = new ConsoleClient(server.url);
    const invCsrf = await inv.signIn(investigator.principal.username, investigator.password, investigator.secret);
    const file = await inv.request(`/console/transactions/${acsTransId}`);
    assert.equal(file.res.status, 200);
    for (const secret of SECRETS) assert.ok(!file.text.includes(secret), `${secret} on the transaction page`);
    const action = /action="(\/console\/transactions\/[^"]+\/reveal)"/.exec(file.text)?.[1];
    assert.ok(action, 'the investigator is offered the reveal');
    const audits = () =>
      getDb()
        .db.selectFrom('audit_log')
        .select(['actor', 'reason', 'subject_id'])
        .where('action', '=', 'console.message_personal_revealed')
        .execute();

    const noReason = await inv.request(action, { form: { csrf: invCsrf, reason: ' ' } });
    assert.equal(noReason.res.status, 400);
    assert.equal((await audits()).length, 0);

    const aud = new ConsoleClient(server.url);
    const audCsrf = await aud.signIn(auditor.principal.username, auditor.password, auditor.secret);
    const audFile = await aud.request(`/console/transactions/${acsTransId}`);
    assert.doesNotMatch(audFile.text, /\/reveal"/, 'no reveal offered to an auditor');
    const refused = await aud.request(action, { form: { csrf: audCsrf, reason: 'curious' } });
    assert.equal(refused.res.status, 403);
    assert.ok(!refused.text.includes(PERSONAL.email));
    assert.equal((await audits()).length, 0);

    const shown = await inv.request(action, { form: { csrf: invCsrf, reason: 'case 42: shipping address' } });
    assert.equal(shown.res.status, 200);
    const phones = ['9087651234', '312345678', '355556666'];
    for (const secret of SECRETS.filter((v) => !phones.includes(v)))
      assert.ok(shown.text.includes(secret), `${secret} revealed`);
    for (const phone of phones) assert.ok(!shown.text.includes(phone), `${phone}: phones stay masked`);
    assert.match(shown.text, /090-\*\*\*\*-1234/);
    assert.doesNotMatch(shown.text, new RegExp(holder.pan), 'the PAN stays masked');
    const recorded = await audits();
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]?.actor, `operator:${investigator.principal.id}`);
    assert.equal(recorded[0]?.reason, 'case 42: shipping address');
  });

  test('keys reencrypt moves sealed fields to the new data key and seals rows logged in clear before', async () => {
    const { db } = getDb();
    await db
      .insertInto('messages')
      .values({
        id: newId('msg'),
        acs_trans_id: null,
        three_ds_server_trans_id: 'legacy',
        ds_trans_id: null,
        direction: 'in',
        message_type: 'AReq',
        body: JSON.stringify({ messageType: 'AReq', acctNumber: '411111******1111', email: 'legacy@example.jp' }),
        pan_enc: null,
        created_at: new Date(),
      })
      .execute();
    const v2 = await server.keys.rotate('data');
    const counts = await reencryptAll(db, server.keys);
    assert.ok(counts.messages >= 3, JSON.stringify(counts));
    const rows = await db.selectFrom('message_log').select(['body', 'personal_enc', 'pan_enc']).execute();
    const text = JSON.stringify(rows);
    assert.ok(!text.includes('legacy@example.jp'));
    for (const row of rows) {
      if (row.personal_enc) assert.ok(row.personal_enc.startsWith(`e1.${v2}.`));
      if (row.pan_enc) assert.ok(row.pan_enc.startsWith(`e1.${v2}.`));
    }
    const legacy = rows.find((r) => r.body.email === SEALED && !r.pan_enc && r.personal_enc);
    assert.ok(legacy);
  });
});
