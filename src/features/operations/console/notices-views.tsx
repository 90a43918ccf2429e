import type { FC } from 'hono/jsx';
import type { NoticeRow } from '../../../storage/tables/operations.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Hidden, t } from '../../console/layout.tsx';
import type { MailingProgress } from '../service/mailings.ts';
import type { listNotices } from '../service/notices.ts';
import { isAdmin, jst, NoticeTextFields } from './shared.tsx';

const KIND: Record<NoticeRow['kind'], [string, string]> = {
  maintenance: ['メンテナンス', 'maintenance'],
  emergency: ['緊急', 'emergency'],
  service_change: ['サービス変更', 'service change'],
  terms: ['規約改定', 'terms update'],
};

const MAILING: Record<MailingProgress['mailing']['status'], [string, string]> = {
  running: ['送信中', 'sending'],
  paused: ['一時停止', 'paused'],
  cancelled: ['中止', 'cancelled'],
  completed: ['全件キュー投入済み', 'all queued'],
};

function mailingStatusLabel(s: Signed, status: MailingProgress['mailing']['status']): string {
  return t(s.lang)(...MAILING[status]);
}

type NoticeListRow = Awaited<ReturnType<typeof listNotices>>[number];

export const NoticesPage: FC<{ s: Signed; notices: NoticeListRow[]; mailings: MailingProgress[]; now: Date }> = ({
  s,
  notices,
  mailings,
  now,
}) => {
  const l = t(s.lang);
  return (
    <>
      <p>
        {l('公開ページ: ', 'Public page: ')}
        <a href="/notices">/notices</a> · <a href="/notices/feed.atom">Atom</a>
      </p>
      <h2>{l('お知らせ', 'Notices')}</h2>
      <table id="notices">
        <thead>
          <tr>
            <th>{l('掲載', 'Published')}</th>
            <th>{l('種類', 'Kind')}</th>
            <th>{l('件名', 'Title')}</th>
            <th>{l('会員へのメール', 'Email to members')}</th>
          </tr>
        </thead>
        <tbody>
          {notices.map((n) => (
            <tr data-notice-id={n.id}>
              <td>{jst(n.published_at)}</td>
              <td>{l(...KIND[n.kind])}</td>
              <td>{s.lang === 'en' ? n.title_en : n.title}</td>
              <td>
                {n.mailing_id ? (
                  <a href={withLang(s.lang, `/console/mailings/${n.mailing_id}`)}>
                    {n.mailing_status ? mailingStatusLabel(s, n.mailing_status) : n.mailing_id}
                  </a>
                ) : isAdmin(s) && new Date(n.published_at) <= now ? (
                  <form class="inline" method="post" action={withLang(s.lang, `/console/notices/${n.id}/mailing`)}>
                    <Hidden csrf={s.csrf} />
                    <button type="submit">{l('登録会員全員にメール送信', 'Email to all enrolled members')}</button>
                  </form>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('メール送信', 'Mailings')}</h2>
      <MailingTable s={s} rows={mailings} />
      {isAdmin(s) ? (
        <>
          <h2 id="service-change-h">
            {l('サービス内容変更のお知らせを掲載（規約第3条第2項）', 'Publish a service-change notice (art. 3-2)')}
          </h2>
          <form method="post" action={withLang(s.lang, '/console/notices')} aria-labelledby="service-change-h">
            <Hidden csrf={s.csrf} />
            <NoticeTextFields s={s} prefix="sc" />
            <button type="submit">{l('掲載する', 'Publish')}</button>
          </form>
        </>
      ) : null}
    </>
  );
};

const MailingTable: FC<{ s: Signed; rows: MailingProgress[] }> = ({ s, rows }) => {
  const l = t(s.lang);
  if (rows.length === 0) return <p>{l('ありません。', 'None.')}</p>;
  return (
    <table id="mailings">
      <thead>
        <tr>
          <th>{l('開始', 'Started')}</th>
          <th>{l('お知らせ', 'Notice')}</th>
          <th>{l('状態', 'Status')}</th>
          <th>{l('対象', 'Total')}</th>
          <th>{l('送信済み', 'Sent')}</th>
          <th>{l('失敗', 'Failed')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr>
            <td>
              <a href={withLang(s.lang, `/console/mailings/${p.mailing.id}`)}>{jst(p.mailing.created_at)}</a>
            </td>
            <td>{p.noticeTitle}</td>
            <td>{mailingStatusLabel(s, p.mailing.status)}</td>
            <td>{p.total}</td>
            <td>{p.sent}</td>
            <td>{p.failed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

export const MailingPage: FC<{ s: Signed; p: MailingProgress }> = ({ s, p }) => {
  const l = t(s.lang);
  const m = p.mailing;
  const finished = m.status === 'cancelled' || (m.status === 'completed' && p.queued === 0);
  return (
    <>
      <p>
        {l('お知らせ', 'Notice')}: <strong>{p.noticeTitle}</strong>
      </p>
      <p>
        {l('状態', 'Status')}: <strong id="mailing-status">{mailingStatusLabel(s, m.status)}</strong>
        {finished ? null : ` (${l('5 秒ごとに更新', 'refreshes every 5 seconds')})`}
      </p>
      <progress
        id="mailing-bar"
        max={Math.max(1, p.total)}
        value={p.sent + p.failed}
        aria-label={l('進捗', 'Progress')}
      >
        {p.sent + p.failed} / {p.total}
      </progress>
      <table id="mailing-progress">
        <tbody>
          <tr>
            <th>{l('対象（登録会員）', 'Total (enrolled members)')}</th>
            <td id="mailing-total">{p.total}</td>
          </tr>
          <tr>
            <th>{l('未処理（バッチ待ち）', 'Not reached yet (waiting for a batch)')}</th>
            <td id="mailing-remaining">{p.remaining}</td>
          </tr>
          <tr>
            <th>{l('送信待ち', 'Queued')}</th>
            <td id="mailing-queued">{p.queued}</td>
          </tr>
          <tr>
            <th>{l('送信済み', 'Sent')}</th>
            <td id="mailing-sent">{p.sent}</td>
          </tr>
          <tr>
            <th>{l('失敗', 'Failed')}</th>
            <td id="mailing-failed">{p.failed}</td>
          </tr>
          <tr>
            <th>{l('開始', 'Started')}</th>
            <td>
              {jst(m.created_at)} ({m.created_by})
            </td>
          </tr>
          <tr>
            <th>{l('完了', 'All queued')}</th>
            <td>{jst(m.completed_at)}</td>
          </tr>
        </tbody>
      </table>
      {isAdmin(s) && (m.status === 'running' || m.status === 'paused') ? (
        <form class="inline" method="post" action={withLang(s.lang, `/console/mailings/${m.id}/control`)}>
          <Hidden csrf={s.csrf} />
          {m.status === 'running' ? (
            <button type="submit" name="action" value="pause">
              {l('一時停止', 'Pause')}
            </button>
          ) : (
            <button type="submit" name="action" value="resume">
              {l('再開', 'Resume')}
            </button>
          )}
          <button type="submit" name="action" value="cancel">
            {l('中止', 'Cancel')}
          </button>
        </form>
      ) : null}
      <p>
        <a href={withLang(s.lang, '/console/notices')}>{l('お知らせ一覧へ', 'Back to notices')}</a>
      </p>
    </>
  );
};
