import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { formatJst, parseJstDate } from '../../src/core/format.ts';
import { loadDashboard } from '../../src/features/console/service/dashboard.ts';
import { normaliseExpiry } from '../../src/features/console/service/members.ts';
import { applyEnrollmentEvent } from '../../src/features/enrollment/enrollment.ts';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ConsoleClient, makeOperator } from './support.ts';

/** issue #18 items 1, 2, 3, 5, 6, 7: the console's data screens, over HTTP, on both dialects. */

const NOW = new Date('2030-06-01T03:00:00Z');
const HOUR = 3_600_000;

interface Txn {
  state: string;
  transStatus?: string | null;
  reason?: string | null;
  cancel?: string | null;
  challenged?: boolean;
  at?: Date;
  merchant?: string;
  amount?: [string, string, string];
  enetId?: string;
}

async function insertTxn(db: TestDatabase['db'], x: Txn): Promise<string> {
  const id = randomUUID();
  const at = x.at ?? new Date(NOW.getTime() - HOUR);
  await db
    .insertInto('transactions')
    .values({
      acs_trans_id: id,
      three_ds_server_trans_id: randomUUID(),
      message_version: '2.2.0',
      device_channel: '02',
      message_category: '01',
      state: x.state,
      trans_status: x.transStatus ?? null,
      trans_status_reason: x.reason ?? null,
      challenge_cancel: x.cancel ?? null,
      authentication_type: x.challenged ? '02' : null,
      merchant_name: x.merchant ?? 'Test Shop',
      purchase_amount: x.amount?.[0] ?? '1000',
      purchase_currency: x.amount?.[1] ?? '392',
      purchase_exponent: x.amount?.[2] ?? '0',
      enet_id: x.enetId ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

const figure = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];

const pgUrl = process.env.TEST_DATABASE_URL;
for (const dialect of ['pglite', 'postgres'] as Dialect[]) {
  describe(`console data screens [${dialect}]`, { skip: dialect === 'postgres' && !pgUrl }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let client: ConsoleClient;
    let csrf = '';
    let operatorName = '';
    let holder: SeededCardholder;
    const clock = new ManualClock(NOW);

    before(async () => {
      database = await createTestDatabase(dialect);
      server = await startTestServer(database, { clock });
      const op = await makeOperator(database.db, server.keys, 'operator');
      operatorName = op.principal.username;
      client = new ConsoleClient(server.url);
      csrf = await client.signIn(op.principal.username, op.password, op.secret, NOW);
      holder = await seedCardholder(database.db, server.keys, { expiry: '2807' });
    });
    after(async () => {
      await server?.close();
      await database?.close();
    });

    test('the dashboard counts outcomes, not transient states: every figure', async () => {
      const db = database.db;
      await insertTxn(db, { state: 'decided', transStatus: 'Y' }); // frictionless Y
      await insertTxn(db, { state: 'decided', transStatus: 'N', reason: '13' }); // frictionless N
      // challenge success, then the RReq was acknowledged: the state moved on, the outcome stays Y
      await insertTxn(db, { state: 'result_acknowledged', transStatus: 'Y', challenged: true });
      await insertTxn(db, { state: 'result_acknowledged', transStatus: 'N', reason: '19', challenged: true });
      await insertTxn(db, { state: 'result_sent', transStatus: 'N', reason: '01', cancel: '01', challenged: true });
      await insertTxn(db, {
        state: 'result_acknowledged',
        transStatus: 'N',
        reason: '14',
        cancel: '04',
        challenged: true,
      });
      await insertTxn(db, { state: 'challenge_in_progress', transStatus: 'C', challenged: true });
      await insertTxn(db, { state: 'created' }); // answered with an Erro before any decision
      await insertTxn(db, { state: 'decided', transStatus: 'Y', at: new Date(NOW.getTime() - 30 * HOUR) }); // too old

      const { res, text } = await client.request('/console');
      assert.equal(res.status, 200);
      const expected: Record<string, string> = {
        'fig-total': '8',
        'fig-frictionless-y': '1',
        'fig-frictionless-other': '1',
        'fig-challenged': '5',
        'fig-challenge-ok': '1',
        'fig-challenge-failed': '1',
        'fig-challenge-cancelled': '1',
        'fig-challenge-timed-out': '1',
        'fig-challenge-open': '1',
        'fig-no-result': '1',
        'fig-success-rate': '25.0%',
      };
      for (const [id, value] of Object.entries(expected)) assert.equal(figure(text, id), value, id);
      assert.match(text, /チャレンジ成功率/);

      const d = await loadDashboard(db, server.server.deps.metrics, NOW);
      const sum = (k: 'y' | 'n' | 'other') => d.authPerHour.reduce((a, h) => a + h[k], 0);
      assert.deepEqual([sum('y'), sum('n'), sum('other')], [2, 4, 2]);
      assert.equal(d.challengeSuccessRate, 0.25);
    });

    test('transactions: JST dates in and out, words and yen, a bad date beside its field', async () => {
      // 2026-12-04 20:00 UTC is 2026-12-05 05:00 JST.
      const id = await insertTxn(database.db, {
        state: 'result_acknowledged',
        transStatus: 'Y',
        challenged: true,
        at: new Date('2026-12-04T20:00:00Z'),
        merchant: 'JST Shop',
        amount: ['3980', '392', '0'],
        enetId: holder.enetId,
      });
      const found = await client.request('/console/transactions?from=2026-12-05&to=2026-12-05');
      assert.equal(found.res.status, 200);
      assert.match(found.text, /JST Shop/);
      assert.match(found.text, /2026-12-05 05:00 JST/);
      assert.match(found.text, /¥3,980/);
      assert.match(found.text, /チャレンジ完了（結果通知済み）/);
      assert.match(found.text, /<th scope="col">金額<\/th>/);
      assert.match(found.text, /<label for="f-from">開始日<\/label>/);
      assert.doesNotMatch(found.text, />result_acknowledged</);
      const dayBefore = await client.request('/console/transactions?to=2026-12-04');
      assert.doesNotMatch(dayBefore.text, /JST Shop/);
      const slash = await client.request('/console/transactions?from=2026/12/5');
      assert.match(slash.text, /JST Shop/);

      const bad = await client.request('/console/transactions?from=2026-13-45&merchant=JST+Shop');
      assert.equal(bad.res.status, 400);
      assert.match(bad.text, /id="f-from-error"[^>]*>日付は 2026-12-05 の形で/);
      assert.match(bad.text, /value="2026-13-45"/);
      assert.match(bad.text, /value="JST Shop"/);

      const en = await client.request(`/console/transactions/${id}?lang=en`);
      assert.match(en.text, /JPY 3,980/);
      assert.match(en.text, /2026-12-05 05:00 JST/);
      assert.match(en.text, /Challenge finished \(result acknowledged\)/);
      const ja = await client.request(`/console/transactions/${id}`);
      assert.match(ja.text, /認証成功/);

      const usd = await insertTxn(database.db, { state: 'decided', transStatus: 'Y', amount: ['1234', '840', '2'] });
      assert.match((await client.request(`/console/transactions/${usd}`)).text, /US\$12\.34/);
    });

    test('member search forgives case, spaces, MM/YY, last four alone; bad input beside the field', async () => {
      const loose = await client.request(
        `/console/members?enetId=${encodeURIComponent(`  ${holder.enetId.toUpperCase()} `)}`,
      );
      assert.match(loose.text, new RegExp(`href="/console/members/${holder.enetId}"`));
      const last4 = holder.pan.slice(-4);
      const alone = await client.request(`/console/members?last4=${last4}`);
      assert.match(alone.text, new RegExp(holder.enetId));
      assert.match(alone.text, /\(07\/28\)/);
      const printed = await client.request(`/console/members?last4=${last4}&expiry=${encodeURIComponent('07/28')}`);
      assert.match(printed.text, new RegExp(holder.enetId));
      const other = await client.request(`/console/members?last4=${last4}&expiry=0729`);
      assert.doesNotMatch(other.text, new RegExp(holder.enetId));

      const bad = await client.request(`/console/members?last4=${last4}&expiry=13%2F28`);
      assert.equal(bad.res.status, 400);
      assert.match(bad.text, /id="expiry-error"[^>]*>有効期限はカード表面の表記/);
      assert.match(bad.text, /value="13\/28"/);
      const noDigits = await client.request('/console/members?expiry=07%2F28');
      assert.equal(noDigits.res.status, 400);
      assert.match(noDigits.text, /id="last4-error"/);

      assert.equal(normaliseExpiry('07/28'), '2807');
      assert.equal(normaliseExpiry(' 7 / 2028 '), '2807');
      assert.equal(normaliseExpiry('2807'), '2807');
      assert.equal(normaliseExpiry('０７／２８'), '2807');
      assert.equal(normaliseExpiry('2813'), undefined);
    });

    test('a refused member action stays on the page with the message beside the field and the values kept', async () => {
      await database.db.transaction().execute((trx) =>
        applyEnrollmentEvent(trx, {
          enetId: holder.enetId,
          event: { type: 'lost_stolen_reported' },
          actor: `member:${holder.enetId}`,
          at: NOW,
        }),
      );
      const page = await client.request(`/console/members/${holder.enetId}`);
      assert.match(page.text, /紛失・盗難ロック中/);
      assert.match(page.text, /lift-lock/);
      const path = `/console/members/${holder.enetId}/lift-lock`;
      const refused = await client.request(path, { form: { csrf, method: 'branch_visit_id', note: '   ' } });
      assert.equal(refused.res.status, 400);
      assert.match(refused.text, /id="lift-lock-note-error"[^>]*>メモを入力してください/);
      assert.match(refused.text, /<option value="branch_visit_id" selected="">来店・本人確認書類/);
      const done = await client.request(path, { form: { csrf, method: 'branch_visit_id', note: 'passport' } });
      assert.equal(done.res.status, 303);
      assert.equal(done.res.headers.get('location'), `/console/members/${holder.enetId}?done=lock-lifted`);
      const after = await client.request(done.res.headers.get('location') ?? '');
      assert.match(after.text, /role="status"[^>]*>紛失・盗難ロックを解除しました/);
      assert.doesNotMatch(after.text, /action="[^"]*lift-lock"/, 'lift lock is offered only while locked');
      // once lifted, lifting again is refused on the same page, not a dead end
      const again = await client.request(path, { form: { csrf, method: 'branch_visit_id', note: 'again' } });
      assert.equal(again.res.status, 409);
      assert.match(again.text, /この会員はロックされていません/);

      const dereg = await client.request(`/console/members/${holder.enetId}/deregister`, {
        form: { csrf, reason: '8-1-4', note: 'shared credentials' },
      });
      assert.equal(
        dereg.res.headers.get('location'),
        `/console/members/${holder.enetId}?done=deregistration-requested`,
      );
      const approvals = await client.request('/console/approvals');
      assert.match(approvals.text, new RegExp(`href="/console/members/${holder.enetId}"`));
      assert.match(approvals.text, new RegExp(`class="nowrap requester">${operatorName} `));
      assert.match(approvals.text, /規約8-1-4 規約違反/);
    });

    test('audit log: usernames, filters by what it shows, JST, chain status', async () => {
      const admin = await makeOperator(database.db, server.keys, 'auditor');
      const c2 = new ConsoleClient(server.url);
      await c2.signIn(admin.principal.username, admin.password, admin.secret, NOW);
      const { res, text } = await c2.request(
        `/console/audit?actor=${encodeURIComponent(` ${operatorName.toUpperCase()} `)}`,
      );
      assert.equal(res.status, 200);
      assert.match(text, new RegExp(`class="nowrap actor">${operatorName}<`));
      assert.doesNotMatch(text, /class="nowrap actor">operator:/);
      assert.match(text, /console\.deregistration_requested/);
      assert.match(text, /id="audit-chain"[^>]*>改ざん検知の連鎖（ハッシュチェーン）: 正常/);
      assert.match(text, /2030-06-01 12:00 JST/);
      const bad = await c2.request('/console/audit?to=yesterday');
      assert.equal(bad.res.status, 400);
      assert.match(bad.text, /id="f-to-error"/);
    });
  });
}

test('JST helpers: labelled output, JST dates in', () => {
  assert.equal(formatJst(new Date('2026-12-04T20:00:00Z')), '2026-12-05 05:00 JST');
  assert.equal(formatJst(null), '—');
  assert.equal(parseJstDate('2026-12-05')?.toISOString(), '2026-12-04T15:00:00.000Z');
  assert.equal(parseJstDate('2026-12-05 13:30')?.toISOString(), '2026-12-05T04:30:00.000Z');
  assert.equal(parseJstDate('2026-02-30'), undefined);
  assert.equal(parseJstDate('12/05/2026'), undefined);
});
