import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { endWindow, scheduleMaintenance, startEmergencyStop } from '../../src/features/operations/service/windows.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const text = {
  title: '定期メンテナンス',
  titleEn: 'Scheduled maintenance',
  body: 'システムメンテナンスを行います。',
  bodyEn: 'We are doing maintenance.',
};

// 2026-12-10 01:00–03:00 JST
const STARTS = new Date('2026-12-09T16:00:00Z');
const ENDS = new Date('2026-12-09T18:00:00Z');

forEachDialect('honest notices (terms art. 3-2, 11)', (getDb) => {
  let a: TestServer;
  const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));
  before(async () => {
    a = await startTestServer(getDb(), { clock });
    await a.server.operations.stop();
  });
  after(async () => {
    await a.close();
  });

  const page = async (path: string) => (await fetch(`${a.url}${path}`)).text();
  const noticesOf = (title: string) =>
    getDb().db.selectFrom('notices').selectAll().where('title', 'like', `%${title}%`).orderBy('published_at').execute();

  test('item 9: a maintenance notice states the stop and the resumption in JST, from the window, on the page and in the feed', async () => {
    const id = await scheduleMaintenance(
      { db: getDb().db, clock },
      { ...text, scope: 'all', startsAt: STARTS, endsAt: ENDS, noticeHours: 48 },
      'test',
    );
    clock.set(new Date(STARTS.getTime() - 47 * 3600_000));
    assert.deepEqual((await a.server.operations.tick()).announced, [id]);
    const ja = await page('/notices');
    assert.ok(ja.includes('停止期間: 2026年12月10日 01:00 〜 03:00（日本時間）'), 'period on the Japanese page');
    assert.ok(ja.includes('システムメンテナンスを行います。'), 'the operator text follows');
    assert.ok((await page('/notices?lang=en')).includes('Service paused: 2026-12-10 01:00 – 03:00 JST'));
    const feed = await page('/notices/feed.atom');
    assert.match(feed, /<entry>.*停止期間: 2026年12月10日 01:00 〜 03:00（日本時間）.*<\/entry>/s);

    // item 10, planned end: the scheduler publishes one "resumed" notice, whatever the number of ticks
    clock.set(new Date(STARTS.getTime() + 1000));
    await a.server.operations.tick();
    clock.set(new Date(ENDS.getTime() + 1000));
    assert.deepEqual((await a.server.operations.tick()).ended, [id]);
    await a.server.operations.tick();
    const resumed = await noticesOf('【再開のお知らせ】定期メンテナンス');
    assert.equal(resumed.length, 1);
    assert.match(resumed[0]?.body ?? '', /再開しました/);
    assert.match(resumed[0]?.body ?? '', /停止期間: 2026年12月10日 01:00 〜 03:00（日本時間）/);
    assert.match(resumed[0]?.body_en ?? '', /It was paused: 2026-12-10 01:00 – 03:00 JST/);
    const after = await page('/notices');
    assert.match(after, /この停止は 2026年12月10日 03:00（日本時間）に終了しました。/);
  });

  test('item 10: ending an emergency stop publishes the resumed notice in the same transaction, once', async () => {
    clock.set(new Date('2026-12-11T00:30:00Z')); // 09:30 JST
    const deps = { db: getDb().db, clock };
    const id = await startEmergencyStop(
      deps,
      { ...text, title: '緊急停止', titleEn: 'Emergency stop', scope: 'all', reason: 'HSM down' },
      'operator:test',
    );
    await a.server.operations.tick();
    const announced = await noticesOf('緊急停止');
    assert.equal(announced.length, 1);
    assert.match(
      announced[0]?.body ?? '',
      /停止期間: 2026年12月11日 09:30（日本時間）から。再開の時期は決まりしだいお知らせします。/,
    );
    clock.advance(35 * 60_000);
    await endWindow(deps, id, 'operator:test', 'HSM back');
    // no tick: the notice is already there
    const resumed = await noticesOf('【再開のお知らせ】緊急停止');
    assert.equal(resumed.length, 1);
    assert.equal(resumed[0]?.kind, 'emergency');
    assert.equal(resumed[0]?.created_by, 'operator:test');
    assert.match(resumed[0]?.body ?? '', /2026年12月11日 10:05（日本時間）に再開しました/);
    assert.match(resumed[0]?.body ?? '', /停止期間: 2026年12月11日 09:30 〜 10:05（日本時間）/);
    const row = await getDb()
      .db.selectFrom('service_windows')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.ok(row.ended_at, 'marked ended');
    await a.server.operations.tick();
    await assert.rejects(endWindow(deps, id, 'operator:test', 'again'), /no window in force/);
    assert.equal((await noticesOf('【再開のお知らせ】緊急停止')).length, 1, 'still one, after a tick and a second end');
    const audit = await getDb()
      .db.selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(audit, [
      { action: 'emergency.start', reason: 'HSM down' },
      { action: 'window.end', reason: 'HSM back' },
    ]);
  });

  test('item 11: /notices has the portal header, links to the portal and the terms, and announces its feed', async () => {
    const ja = await page('/notices');
    assert.match(ja, /<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/notices\/feed.atom"/);
    assert.match(ja, /<header class="top">.*e-net サービス.*ninsho カード/s);
    assert.match(ja, /href="\/enet"/);
    assert.match(ja, /href="\/notices\/terms\/terms_[^"]+"/);
    const termsHref = /href="(\/notices\/terms\/[^"]+)"/.exec(ja)?.[1] ?? '';
    const terms = await fetch(`${a.url}${termsHref}`);
    assert.equal(terms.status, 200);
    const en = await page('/notices?lang=en');
    assert.match(en, /href="\/enet\?lang=en"/);
    assert.match(en, /ninsho Card/);
  });
});
