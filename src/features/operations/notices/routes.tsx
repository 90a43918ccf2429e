import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { AppDeps } from '../../../app/deps.ts';
import type { AppEnv } from '../../../app/http/app.ts';
import { feedHeaders, publicPageHeaders } from '../../../app/http/headers.ts';
import { BASE_CSS, Layout, renderDocument, styleSheet } from '../../../app/http/layout.tsx';
import { chooseLang, type Lang } from '../../../core/i18n.ts';
import { publishedNotices } from '../../../storage/repositories/notices.ts';
import type { NoticeRow } from '../../../storage/tables/operations.ts';
import { mountTermsPage } from '../../terms/notices-page.tsx';

const STYLES = styleSheet(`${BASE_CSS}
main{max-width:720px;margin:0 auto;padding:16px}
article{border-top:1px solid #d0d7e2;padding:12px 0}
.kind{display:inline-block;font-size:12px;padding:2px 8px;border-radius:10px;background:#e8eef8;color:#0b3d91}
.emergency .kind{background:#fde8e8;color:#9b1c1c}
time{color:#555;font-size:13px;margin-left:8px}
p{white-space:pre-wrap}`);

const KIND: Record<NoticeRow['kind'], Record<Lang, string>> = {
  maintenance: { ja: 'メンテナンス', en: 'Maintenance' },
  emergency: { ja: '緊急のお知らせ', en: 'Emergency' },
  service_change: { ja: 'サービス内容の変更', en: 'Service change' },
  terms: { ja: '規約の改定', en: 'Terms update' },
};

const TITLE: Record<Lang, string> = {
  ja: '本人認証サービスからのお知らせ',
  en: 'Notices from the authentication service',
};
const EMPTY: Record<Lang, string> = { ja: '現在お知らせはありません。', en: 'There are no notices at the moment.' };

/** Public notices (terms art. 3-2, 11-2, 12): newest first, in Japanese or English, and as an Atom feed. */
export function mountNotices(app: Hono<AppEnv>, deps: AppDeps): void {
  mountTermsPage(app, deps);
  const published = () => publishedNotices(deps.db, deps.clock.now(), 50);

  app.get('/notices', async (c) => {
    const lang = chooseLang(c.req.query('lang'), c.req.header('accept-language'));
    const nonce = randomBytes(16).toString('base64url');
    const notices = await published();
    const time = (d: Date) =>
      new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Asia/Tokyo',
      }).format(d);
    const html = renderDocument(
      <Layout lang={lang} title={TITLE[lang]} nonce={nonce} styles={STYLES}>
        <main>
          <h1>{TITLE[lang]}</h1>
          <p>
            <a href={lang === 'ja' ? '/notices?lang=en' : '/notices?lang=ja'}>{lang === 'ja' ? 'English' : '日本語'}</a>
            {' · '}
            <a href="/notices/feed.atom">Atom</a>
          </p>
          {notices.length === 0 ? <p>{EMPTY[lang]}</p> : null}
          {notices.map((n) => (
            <article class={n.kind} id={n.id}>
              <span class="kind">{KIND[n.kind][lang]}</span>
              <time datetime={new Date(n.published_at).toISOString()}>{time(new Date(n.published_at))}</time>
              <h2>{lang === 'ja' ? n.title : n.title_en}</h2>
              <p>{lang === 'ja' ? n.body : n.body_en}</p>
            </article>
          ))}
        </main>
      </Layout>,
    );
    publicPageHeaders(c, nonce);
    return c.html(html);
  });

  app.get('/notices/feed.atom', async (c) => {
    const notices = await published();
    const base = deps.config.PUBLIC_URL;
    const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    const updated = notices[0] ? new Date(notices[0].published_at).toISOString() : new Date(0).toISOString();
    const entries = notices
      .map(
        (n) =>
          `<entry><id>${esc(`${base}/notices#${n.id}`)}</id><title>${esc(n.title)}</title>` +
          `<updated>${new Date(n.published_at).toISOString()}</updated><link href="${esc(`${base}/notices#${n.id}`)}"/>` +
          `<category term="${n.kind}"/><content type="text">${esc(n.body)}</content></entry>`,
      )
      .join('');
    feedHeaders(c);
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    return c.body(
      `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>${esc(`${base}/notices`)}</id>` +
        `<title>${esc(TITLE.ja)}</title><updated>${updated}</updated><link rel="self" href="${esc(`${base}/notices/feed.atom`)}"/>${entries}</feed>`,
    );
  });
}
