import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { AppDeps } from '../../../app/deps.ts';
import type { AppEnv } from '../../../app/http/app.ts';
import { feedHeaders, publicPageHeaders } from '../../../app/http/headers.ts';
import { renderDocument } from '../../../app/http/layout.tsx';
import { chooseLang, type Lang } from '../../../core/i18n.ts';
import { publishedNotices } from '../../../storage/repositories/notices.ts';
import type { NoticeRow } from '../../../storage/tables/operations.ts';
import { link } from '../../portal/http.ts';
import { PortalPage } from '../../portal/layout.tsx';
import { jstDateTime } from '../../portal/service/time.ts';
import { mountTermsPage } from '../../terms/notices-page.tsx';
import { termsInForceOn } from '../../terms/service/acceptance.ts';

const KIND: Record<NoticeRow['kind'], Record<Lang, string>> = {
  maintenance: { ja: 'メンテナンス', en: 'Maintenance' },
  emergency: { ja: '緊急のお知らせ', en: 'Emergency' },
  service_change: { ja: 'サービス内容の変更', en: 'Service change' },
  terms: { ja: '規約の改定', en: 'Terms update' },
};

const T = {
  ja: {
    title: '本人認証サービスからのお知らせ',
    empty: '現在お知らせはありません。',
    portal: 'e-net サービス（会員ページ）へ',
    terms: '本人認証サービス利用規約（全文）',
    feed: 'お知らせの Atom フィード',
    over: (at: string) => `この停止は ${at}に終了しました。`,
    at: (at: string) => at,
  },
  en: {
    title: 'Notices from the authentication service',
    empty: 'There are no notices at the moment.',
    portal: 'Go to the e-net member pages',
    terms: 'Terms of the authentication service (full text)',
    feed: 'Atom feed of these notices',
    over: (at: string) => `This pause ended at ${at}.`,
    at: (at: string) => at,
  },
} as const;

/** Public notices (terms art. 3-2, 11-2, 12): newest first, in Japanese or English, and as an Atom feed. */
export function mountNotices(app: Hono<AppEnv>, deps: AppDeps): void {
  mountTermsPage(app, deps);
  const published = () => publishedNotices(deps.db, deps.clock.now(), 50);

  app.get('/notices', async (c) => {
    const lang = chooseLang(c.req.query('lang'), c.req.header('accept-language'));
    const t = T[lang];
    const nonce = randomBytes(16).toString('base64url');
    const notices = await published();
    const terms = await termsInForceOn(deps.db, deps.clock.now());
    const l = (path: string) => link(lang, path);
    const frame = {
      lang,
      nonce,
      issuerName: lang === 'en' ? deps.config.ISSUER_NAME_EN : deps.config.ISSUER_NAME,
      path: '/notices',
    };
    const html = renderDocument(
      <PortalPage
        frame={frame}
        title={t.title}
        head={<link rel="alternate" type="application/atom+xml" title={t.feed} href="/notices/feed.atom" />}
      >
        <ul class="list" id="notices-links">
          <li>
            <a href={l('/enet')}>{t.portal}</a>
          </li>
          {terms ? (
            <li>
              <a href={l(`/notices/terms/${terms.id}`)} id="terms-link">
                {t.terms}
              </a>
            </li>
          ) : null}
          <li>
            <a href="/notices/feed.atom" type="application/atom+xml">
              {t.feed}
            </a>
          </li>
        </ul>
        {notices.length === 0 ? <p>{t.empty}</p> : null}
        {notices.map((n) => (
          <section class="card" id={n.id} data-kind={n.kind} aria-labelledby={`${n.id}-h`}>
            <p>
              <span class={n.kind === 'emergency' ? 'badge ng' : 'badge neutral'}>{KIND[n.kind][lang]}</span>{' '}
              <time class="muted" datetime={new Date(n.published_at).toISOString()}>
                {t.at(jstDateTime(new Date(n.published_at), lang))}
              </time>
            </p>
            <h2 id={`${n.id}-h`}>{lang === 'ja' ? n.title : n.title_en}</h2>
            {n.window_over_at ? (
              <p class="notice info" data-over="1">
                {t.over(jstDateTime(new Date(n.window_over_at), lang))}
              </p>
            ) : null}
            <p class="body">{lang === 'ja' ? n.body : n.body_en}</p>
          </section>
        ))}
      </PortalPage>,
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
        `<title>${esc(T.ja.title)}</title><updated>${updated}</updated><link rel="self" href="${esc(`${base}/notices/feed.atom`)}"/>${entries}</feed>`,
    );
  });
}
