import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { QUESTION_NAMES } from '../../src/core/investigation/liability-clauses.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { type CaseWorld, caseWorld, reportedCase, transactionIds, uploadAttachment } from './support.ts';

/**
 * Issue #18 item 8: every case step in the console (src/features/investigations/console/routes.tsx) lands on a
 * page that says what was done (`?done=…`, role="status"), in Japanese and under ?lang=en in English.
 */
forEachDialect('case steps say what was done', (getDb) => {
  let server: TestServer;
  let w: CaseWorld;
  before(async () => {
    server = await startTestServer(getDb());
    w = await caseWorld(getDb(), new Date().toISOString());
  });
  after(async () => {
    await server.close();
  });

  async function investigator() {
    const op = await makeOperator(getDb().db, server.keys, 'investigator');
    const client = new ConsoleClient(server.url);
    const csrf = await client.signIn(op.principal.username, op.password, op.secret);
    return { id: op.principal.id, client, csrf };
  }
  type Investigator = Awaited<ReturnType<typeof investigator>>;

  /** The status message on the page a redirect leads to. */
  async function doneMessage(client: ConsoleClient, location: string): Promise<string> {
    const page = await client.request(location);
    assert.equal(page.res.status, 200, location);
    return /<p class="notice ok" role="status">([^<]*)<\/p>/.exec(page.text)?.[1] ?? '';
  }

  /** Posts one step and checks where it lands and what that page says. */
  async function step(
    who: Investigator,
    path: string,
    form: Record<string, string>,
    expected: { done: string; says: RegExp; landsOn?: string },
  ): Promise<string> {
    const { res, text } = await who.client.request(path, { form: { csrf: who.csrf, ...form } });
    assert.equal(res.status, 303, `${path}: ${text.slice(0, 300)}`);
    const location = res.headers.get('location') ?? '';
    const landsOn = expected.landsOn ?? path.replace(/^(\/console\/cases\/[^/]+).*$/, '$1');
    assert.equal(location, `${landsOn}?done=${expected.done}`, path);
    assert.match(await doneMessage(who.client, location), expected.says, path);
    return location;
  }

  test('every case step, from assignment to reopening, lands on the case with its done-message', async () => {
    const alice = await investigator();
    const { caseId } = await reportedCase(w, getDb().db, [{ merchant: 'Shop A', amount: '1000' }]);
    const page = `/console/cases/${caseId}`;
    await step(alice, `${page}/assign`, { assignee: alice.id }, { done: 'assigned', says: /担当者を割り当てました/ });
    const [txn] = await transactionIds(w, caseId);
    await step(
      alice,
      `${page}/transactions`,
      { transaction: txn ?? '', delivery: 'unrelated', deliveryNote: '', origin: 'unrelated', originNote: '' },
      { done: 'transaction-facts', says: /対象取引の事実を記録しました/ },
    );
    await step(alice, `${page}/findings`, Object.fromEntries(QUESTION_NAMES.map((q) => [`finding_${q}`, 'no'])), {
      done: 'findings',
      says: /所見を記録しました/,
    });
    await step(
      alice,
      `${page}/contacts`,
      { kind: 'ip', place: 'home', owner: 'member', value: '192.0.2.10', note: '自宅の回線' },
      { done: 'contact', says: /IP アドレス・電話番号を記録しました/ },
    );
    await step(
      alice,
      `${page}/notes`,
      { kind: 'note', body: '電話で確認' },
      { done: 'note', says: /メモを追加しました/ },
    );
    await step(
      alice,
      `${page}/cooperation`,
      { question: '利用時の状況を教えてください。', dueOn: '' },
      { done: 'cooperation-requested', says: /協力依頼を送りました/ },
    );
    const request = await getDb()
      .db.selectFrom('investigation_cooperation')
      .select('id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    await step(
      alice,
      `${page}/cooperation/answer`,
      { request: request.id, answer: '家族は使っていません。' },
      { done: 'cooperation-answered', says: /会員の回答を記録しました/ },
    );
    await step(alice, `${page}/evidence`, {}, { done: 'evidence-refreshed', says: /証跡を再収集しました/ });

    // the attachment form is multipart
    const attached = await uploadAttachment(server.url, alice.client, `${page}/attachments`, alice.csrf, {
      blob: new Blob(['slip'], { type: 'text/plain' }),
      name: 'slip.txt',
      description: '配送伝票',
    });
    assert.equal(attached.status, 303);
    assert.equal(attached.headers.get('location'), `${page}?done=attached`);
    assert.match(await doneMessage(alice.client, `${page}?done=attached`), /ファイルを添付しました/);

    await step(
      alice,
      `${page}/decision`,
      { outcome: 'waived', reasons: '会員に過失はありません。', overrideReason: '所見のとおり。' },
      { done: 'decision-recorded', says: /決定を記録しました/ },
    );
    await step(alice, `${page}/close`, { note: '' }, { done: 'closed', says: /調査を終了しました/ });
    await step(alice, `${page}/reopen`, { reason: '追加の届出' }, { done: 'reopened', says: /再調査を開始しました/ });
  });

  test('a decision over the threshold: proposed, sent back, proposed again, approved; in English too', async () => {
    const alice = await investigator();
    const bob = await investigator();
    const { caseId } = await reportedCase(w, getDb().db, [{ merchant: 'Shop B', amount: '250000' }]);
    const page = `/console/cases/${caseId}`;
    await step(alice, `${page}/assign`, { assignee: alice.id }, { done: 'assigned', says: /担当者を割り当てました/ });
    const decision = { outcome: 'waived', reasons: '会員に過失はありません。', overrideReason: '所見のとおり。' };
    await step(alice, `${page}/decision`, decision, { done: 'decision-proposed', says: /別の調査担当者の承認/ });
    await step(
      bob,
      `${page}/approval`,
      { verdict: 'rejected', note: '配送先を確認してください。' },
      { done: 'decision-rejected', says: /決定案を差し戻しました/ },
    );
    await step(alice, `${page}/decision`, decision, { done: 'decision-proposed', says: /承認を待っています/ });
    // English: the redirect keeps ?lang=en and the message is English
    const { res } = await bob.client.request(`${page}/approval?lang=en`, {
      form: { csrf: bob.csrf, verdict: 'approved', note: '' },
    });
    assert.equal(res.status, 303);
    const location = res.headers.get('location') ?? '';
    assert.equal(location, `${page}?done=decision-approved&lang=en`);
    assert.match(await doneMessage(bob.client, location), /^The decision was approved/);
  });

  test('opening a case and declaring or withdrawing a disaster period say so; an unknown done says nothing', async () => {
    const alice = await investigator();
    const { holder, acsTransIds } = await reportedCase(w, getDb().db, [{ merchant: 'Shop C', amount: '1000' }]);
    const { res } = await alice.client.request('/console/cases', {
      form: {
        csrf: alice.csrf,
        enetId: holder.enetId,
        source: 'phone',
        reportedAt: '',
        summary: '電話で届出',
        txn: acsTransIds[0] ?? '',
      },
    });
    assert.equal(res.status, 303);
    const opened = res.headers.get('location') ?? '';
    assert.match(opened, /^\/console\/cases\/[^/?]+\?done=opened$/);
    assert.match(await doneMessage(alice.client, opened), /調査を開始しました/);

    await step(
      alice,
      '/console/disasters',
      { name: '地震', startsAt: '2026-01-01T00:00', endsAt: '2026-01-03T00:00', note: '政府発表による' },
      { done: 'disaster-declared', says: /期間を宣言しました/, landsOn: '/console/disasters' },
    );
    const period = await getDb().db.selectFrom('disaster_periods').select('id').executeTakeFirstOrThrow();
    await step(
      alice,
      `/console/disasters/${period.id}/withdraw`,
      { reason: '誤登録' },
      { done: 'disaster-withdrawn', says: /宣言を取り下げました/, landsOn: '/console/disasters' },
    );
    assert.equal(await doneMessage(alice.client, '/console/disasters?done=nonsense'), '');
  });
});
