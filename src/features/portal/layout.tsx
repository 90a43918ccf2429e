import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { CSRF_FIELD } from '../../app/http/csrf.ts';
import { BASE_CSS, Layout, renderDocument, styleSheet } from '../../app/http/layout.tsx';
import type { Lang } from '../../core/i18n.ts';
import { ARTICLES_CSS } from '../terms/articles-view.tsx';
import { link } from './http.ts';
import { COMMON_TEXTS } from './texts/common.ts';

/** Mobile first: one column; tap targets 44 px; the shared BASE_CSS supplies type, fields and buttons. */
const PORTAL_CSS = `
.top{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:10px 16px;background:#0b3d91;color:#fff}
.top a{color:#fff}
.top .svc{font-weight:700}
.top .issuer{color:#dfe7f5;font-size:12px}
nav.menu{display:flex;flex-wrap:wrap;align-items:center;gap:4px 14px;padding:6px 16px;border-bottom:1px solid #d0d7e2;background:#f5f7fb}
nav.menu a{display:inline-block;padding:8px 0}
nav.menu form{margin:0 0 0 auto}
h2{margin:0 0 8px;font-size:17px}
main form{margin-top:12px}
main h1{margin-bottom:10px}
section.card{margin:14px 0;padding:12px;border:1px solid #d0d7e2;border-radius:8px}
.actions{display:flex;flex-direction:column;gap:8px;margin-top:12px}
a.button{display:block;min-height:44px;padding:10px 14px;font-weight:600;text-align:center;text-decoration:none;border:1px solid #0b3d91;border-radius:6px}
a.button.primary{color:#fff;background:#0b3d91}
button.danger{width:100%;color:#fff;background:#b3261e;border-color:#b3261e}
.field textarea,.field select{display:block;width:100%;min-height:44px;padding:8px 12px;font-size:16px;background:#fff;border:1px solid #6b6b6b;border-radius:6px}
.field textarea{min-height:8em}
.check{display:flex;align-items:flex-start;gap:10px;margin:12px 0}
.check input{flex:none;width:22px;height:22px;margin-top:2px}
fieldset{margin:0 0 12px;padding:0;border:0}
legend{margin-bottom:4px;font-size:14px;font-weight:600}
ul.list{margin:0;padding:0;list-style:none}
ul.list li{padding:10px 0;border-bottom:1px solid #e2e6ee}
dl.kv{display:grid;grid-template-columns:auto 1fr;gap:4px 12px}
dl.kv dt{font-size:13px;color:#454545}
dl.stack dt{margin-top:8px;font-size:13px;color:#454545}
dl.stack dd{margin:0}
.nowrap{white-space:nowrap;overflow-wrap:normal}
.badge{display:inline-block;padding:1px 8px;font-size:13px;font-weight:600;border-radius:10px}
.badge.ok{background:#e3f4e8;color:#135c2c}
.badge.ng{background:#fdecea;color:#7a1912}
.badge.neutral{background:#eceff4;color:#333}
.pager{display:flex;justify-content:space-between;margin-top:12px}
.terms-body{max-height:60vh;padding:12px;overflow:auto;white-space:pre-wrap;border:1px solid #d0d7e2;border-radius:8px}
.big{font-size:22px;font-weight:700}
p.body{white-space:pre-wrap}
nav.menu a.alert-link{font-weight:700;color:#9b1c1c}
.muted{font-size:13px;color:#4a4a4a}
p+p{margin-top:8px}
`;

const STYLES = styleSheet(BASE_CSS + PORTAL_CSS + ARTICLES_CSS);

export interface PageFrame {
  lang: Lang;
  nonce: string;
  issuerName: string;
  /** The current page's path (for the language switch). */
  path: string;
  /** Present when signed in: the navigation and the sign-out form need the CSRF token. */
  csrf?: string | undefined;
  /** terms art. 5-3-3: unanswered cooperation requests; the menu points to them while there are any. */
  openRequests?: number;
}

export const PortalPage: FC<PropsWithChildren<{ frame: PageFrame; title: string; head?: Child }>> = ({
  frame,
  title,
  head,
  children,
}) => {
  const t = COMMON_TEXTS[frame.lang];
  const other = withLang(frame.path, t.switchLangCode);
  return (
    <Layout lang={frame.lang} title={`${title} | ${t.service}`} nonce={frame.nonce} styles={STYLES} head={head}>
      <header class="top">
        <div>
          <p class="svc">{t.service}</p>
          <p class="issuer">
            {frame.issuerName} · {t.serviceSub}
          </p>
        </div>
        <a href={other} lang={t.switchLangCode} hreflang={t.switchLangCode}>
          {t.switchLang}
        </a>
      </header>
      {frame.csrf !== undefined && (
        <nav class="menu" aria-label={t.service}>
          <a href={link(frame.lang, '/enet')}>{t.nav.home}</a>
          <a href={link(frame.lang, '/enet/history')}>{t.nav.history}</a>
          <a href={link(frame.lang, '/enet/passkeys')}>{t.nav.passkeys}</a>
          <a href={link(frame.lang, '/enet/terms')}>{t.nav.terms}</a>
          {(frame.openRequests ?? 0) > 0 && (
            <a href={link(frame.lang, '/enet/fraud')} id="nav-cooperation" class="alert-link">
              {t.nav.cooperation(frame.openRequests ?? 0)}
            </a>
          )}
          <form method="post" action="/enet/logout">
            <CsrfField lang={frame.lang} csrf={frame.csrf} />
            <button type="submit" class="link">
              {t.nav.signOut}
            </button>
          </form>
        </nav>
      )}
      <main>
        <h1>{title}</h1>
        {children}
      </main>
    </Layout>
  );
};

function withLang(path: string, lang: string): string {
  const [base = '', query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${base}?${params}`;
}

/** The hidden fields every POST form carries: the CSRF token and the page language. */
export const CsrfField: FC<{ lang: Lang; csrf: string }> = ({ lang, csrf }) => (
  <>
    <input type="hidden" name={CSRF_FIELD} value={csrf} />
    <input type="hidden" name="lang" value={lang} />
  </>
);

export const Notice: FC<{ kind: 'info' | 'alert'; text: Child; id?: string }> = ({ kind, text, id }) => (
  <p id={id ?? 'notice'} role={kind === 'info' ? 'status' : 'alert'} class={`notice ${kind}`}>
    {text}
  </p>
);

export const BackHome: FC<{ lang: Lang }> = ({ lang }) => (
  <p class="hint">
    <a href={link(lang, '/enet')}>{COMMON_TEXTS[lang].back}</a>
  </p>
);

export function render(element: Parameters<typeof renderDocument>[0]): string {
  return renderDocument(element);
}

/** The 403 page of a refused form (CSRF) and the 404 page. */
export const RefusedPage: FC<{ frame: PageFrame; kind: 'refused' | 'notFound' }> = ({ frame, kind }) => {
  const t = COMMON_TEXTS[frame.lang][kind];
  return (
    <PortalPage frame={frame} title={t.title}>
      <p>{t.body}</p>
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};
