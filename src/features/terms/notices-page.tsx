import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { publicPageHeaders } from '../../app/http/headers.ts';
import { BASE_CSS, Layout, renderDocument, styleSheet } from '../../app/http/layout.tsx';
import { chooseLang, type Lang } from '../../core/i18n.ts';
import { jstDateOf, termsStateOn, withSupersession } from '../../core/terms.ts';
import { publishedTermsVersions } from '../../storage/repositories/terms-versions.ts';
import { ARTICLES_CSS, TermsArticles } from './articles-view.tsx';
import { TERMS_TEXTS } from './portal-texts.ts';

const STYLES = styleSheet(`${BASE_CSS}
main{max-width:720px;margin:0 auto;padding:16px}
.body{white-space:pre-wrap;border:1px solid #d0d7e2;border-radius:8px;padding:12px;margin-top:12px}
p{white-space:pre-wrap;margin:8px 0}
${ARTICLES_CSS}`);

const T = {
  ja: {
    effective: (d: string) => `効力発生日: ${d}（日本時間 0 時から適用）`,
    state: { published: '公表済み・適用前', in_force: '適用中', superseded: '後の版に置き換えられました' },
    summary: '改定の概要',
    back: 'お知らせ一覧へ',
    notFound: 'この版は公開されていません。',
    articles: TERMS_TEXTS.ja.articles,
    articlesNote: TERMS_TEXTS.ja.articlesNote,
  },
  en: {
    effective: (d: string) => `In force from ${d} (00:00 Japan time)`,
    state: {
      published: 'published, not yet in force',
      in_force: 'in force',
      superseded: 'replaced by a later version',
    },
    summary: 'What changes',
    back: 'All notices',
    notFound: 'This version is not public.',
    articles: TERMS_TEXTS.en.articles,
    articlesNote: TERMS_TEXTS.en.articlesNote,
  },
} as const;

/**
 * terms art. 12-2: the full text of a published version, linked from its notice and its email. Drafts are
 * never shown (404), whoever asks.
 */
export function mountTermsPage(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/notices/terms/:id', async (c) => {
    const lang: Lang = chooseLang(c.req.query('lang'), c.req.header('accept-language'));
    const t = T[lang];
    const rows = await publishedTermsVersions(deps.db);
    const versions = withSupersession(
      rows.map((row) => ({ row, status: row.status, effectiveAt: new Date(row.effective_at) })),
    );
    const v = versions.find((x) => x.row.id === c.req.param('id'));
    if (!v) return c.text(t.notFound, 404);
    const state = termsStateOn(v, deps.clock.now());
    const nonce = randomBytes(16).toString('base64url');
    const summary = lang === 'ja' ? v.row.change_summary : v.row.change_summary_en;
    const html = renderDocument(
      <Layout lang={lang} title={v.row.title} nonce={nonce} styles={STYLES}>
        <main>
          <h1>{v.row.title}</h1>
          <p id="terms-effective">{t.effective(jstDateOf(v.effectiveAt))}</p>
          <p id="terms-state">{state === 'draft' ? '' : t.state[state]}</p>
          {summary ? (
            <section aria-labelledby="summary-h">
              <h2 id="summary-h">{t.summary}</h2>
              <p>{summary}</p>
            </section>
          ) : null}
          <div class="body" lang="ja" id="terms-body">
            {v.row.body}
          </div>
          <TermsArticles heading={t.articles} note={t.articlesNote} />
          <p>
            <a href={lang === 'en' ? '/notices?lang=en' : '/notices'}>{t.back}</a>
          </p>
        </main>
      </Layout>,
    );
    publicPageHeaders(c, nonce);
    return c.html(html);
  });
}
