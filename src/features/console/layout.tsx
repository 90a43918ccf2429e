import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { BASE_CSS, Layout, renderDocument, styleSheet } from '../../app/http/layout.tsx';
import { formatJst } from '../../core/format.ts';
import type { Lang } from '../../core/i18n.ts';
import { allowed, CONSOLE_ROUTES } from './access.ts';
import { withLang } from './http.ts';
import type { Principal } from './service/roles.ts';

const CONSOLE_CSS = `${BASE_CSS}
main{max-width:72rem}
nav.top{display:flex;flex-wrap:wrap;gap:14px;align-items:center;padding:10px 16px;background:#0b3d91;color:#fff}
nav.top a{color:#fff}
nav.top form{margin-left:auto}
nav.top button{min-height:32px;padding:2px 10px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
h2{font-size:16px;margin:18px 0 6px}
form.inline{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end;margin:8px 0}
form.inline .field{margin:0}
select,textarea{font:inherit;min-height:36px;max-width:100%;padding:4px 8px;border:1px solid #6b6b6b;border-radius:6px}
pre{white-space:pre-wrap;font-size:12px;background:#f5f5f5;padding:6px;margin:0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}
.chart{border:1px solid #ddd;border-radius:6px;padding:8px}
.charts>.notice{grid-column:1/-1}
.y{fill:#1b7f3b}.n{fill:#b3261e}.o{fill:#8a8a8a}.b{fill:#0b3d91}
.secret{font-family:monospace;font-size:18px;letter-spacing:2px}
.scroll{overflow-x:auto;max-width:100%}
.scroll>table{margin-top:0}
.nowrap,td.nowrap,th{white-space:nowrap}
.err{color:#b3261e;font-size:13px;margin:2px 0 0;font-weight:600}
.field input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:#b3261e}
.notice.ok{background:#e7f4ea;border-color:#1b7f3b;color:#0f4f24}
dl.figures{display:grid;grid-template-columns:auto auto;gap:2px 12px}
dl.figures dd{text-align:right;font-variant-numeric:tabular-nums}
dl.effects dt{font-weight:700;margin-top:6px}dl.effects dd{margin:0 0 2px}
.secret .g{display:inline-block;margin-right:.6em}
.st{font-weight:700;white-space:nowrap}.st.ok{color:#1b7f3b}.st.warn{color:#8a5a00}.st.fail{color:#b3261e}
`;
const STYLES = styleSheet(CONSOLE_CSS);

/** en/ja text pair: the console is small enough that each view holds its own pairs. */
export function t(lang: Lang): (ja: string, en: string) => string {
  return (ja, en) => (lang === 'en' ? en : ja);
}

interface PageProps {
  lang: Lang;
  nonce: string;
  title: string;
  op?: Principal | undefined;
  csrf?: string | undefined;
}

const NAV: { path: string; ja: string; en: string }[] = [
  { path: '/console', ja: 'ダッシュボード', en: 'Dashboard' },
  { path: '/console/members', ja: '会員', en: 'Members' },
  { path: '/console/imports', ja: '一括登録', en: 'Imports' },
  { path: '/console/approvals', ja: '承認', en: 'Approvals' },
  { path: '/console/transactions', ja: '取引', en: 'Transactions' },
  { path: '/console/cases', ja: '不正利用調査', en: 'Fraud cases' },
  { path: '/console/disasters', ja: '災害等期間', en: 'Disaster periods' },
  { path: '/console/audit', ja: '監査ログ', en: 'Audit log' },
  { path: '/console/operators', ja: 'オペレーター', en: 'Operators' },
  { path: '/console/tokens', ja: 'API トークン', en: 'API tokens' },
  { path: '/console/card-ranges', ja: 'カード番号範囲', en: 'Card ranges' },
  { path: '/console/keys', ja: '鍵管理', en: 'Keys' },
  { path: '/console/operations', ja: 'サービス停止', en: 'Service pauses' },
  { path: '/console/notices', ja: 'お知らせ', en: 'Notices' },
  { path: '/console/terms', ja: '利用規約', en: 'Terms' },
  { path: '/console/risk', ja: 'リスクベース認証', en: 'Risk-based authentication' },
  { path: '/console/go-live', ja: '本番開始チェックリスト', en: 'Go-live checklist' },
  { path: '/console/password', ja: 'パスワード変更', en: 'Change password' },
];

const Nav: FC<{ lang: Lang; op: Principal; csrf: string }> = ({ lang, op, csrf }) => {
  const l = t(lang);
  const links = NAV.filter((n) =>
    CONSOLE_ROUTES.some((r) => r.method === 'GET' && r.path === n.path && allowed(r.roles, op.role)),
  );
  return (
    <nav class="top" aria-label={l('メニュー', 'Menu')}>
      {links.map((n) => (
        <a href={withLang(lang, n.path)}>{lang === 'en' ? n.en : n.ja}</a>
      ))}
      <form method="post" action={withLang(lang, '/console/sign-out')}>
        <input type="hidden" name="csrf" value={csrf} />
        <span>
          {op.username} ({op.role}){' '}
        </span>
        <button type="submit">{l('サインアウト', 'Sign out')}</button>
      </form>
    </nav>
  );
};

export function consolePage(props: PropsWithChildren<PageProps>): string {
  return renderDocument(
    <Layout lang={props.lang} title={`${props.title} | ninsho console`} nonce={props.nonce} styles={STYLES}>
      {props.op && props.csrf ? <Nav lang={props.lang} op={props.op} csrf={props.csrf} /> : null}
      <main>
        <h1>{props.title}</h1>
        {props.children as Child}
      </main>
    </Layout>,
  );
}

export const Hidden: FC<{ csrf: string }> = ({ csrf }) => <input type="hidden" name="csrf" value={csrf} />;

/** A moment on a console screen: Japan time, labelled (`2026-12-05 05:00 JST`; src/core/format.ts). */
export function fmt(d: Date | string | null | undefined): string {
  return formatJst(d);
}

/**
 * A wide table that scrolls sideways on a phone instead of squeezing its columns (or the page). Focusable, so a
 * keyboard can scroll it too (WCAG 2.1.1; axe rule scrollable-region-focusable).
 */
export const Scroll: FC<PropsWithChildren> = ({ children }) => (
  <div class="scroll" tabindex={0}>
    {children as Child}
  </div>
);

/** The message beside a refused field (`id` ties it to the input's aria-describedby). */
export const FieldError: FC<{ id: string; text: string | undefined }> = ({ id, text }) =>
  text ? (
    <p class="err" id={id}>
      {text}
    </p>
  ) : null;

/** A done-message after a redirect (`?done=…`), announced politely. */
export const Done: FC<{ text: string | undefined }> = ({ text }) =>
  text ? (
    <p class="notice ok" role="status">
      {text}
    </p>
  ) : null;
