import { raw } from 'hono/html';
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Lang } from '../../core/i18n.ts';

/** System fonts only: Japanese faces first for each platform, then generic fallbacks. */
const FONT_STACK =
  'system-ui, -apple-system, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Yu Gothic", ' +
  'Meiryo, "Noto Sans JP", "Noto Sans CJK JP", sans-serif';

/**
 * Rules every page shares: readable type, AA contrast (text #1b1b1b and links #0b3d91 on white are both over
 * 9:1), a focus ring that is always visible, long words that wrap instead of scrolling sideways, and the
 * building blocks of our forms (brand header, notices, fields, buttons) with tap targets of 44 px.
 */
export const BASE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:${FONT_STACK};font-size:15px;line-height:1.55;color:#1b1b1b;background:#fff;overflow-wrap:anywhere}
h1,h2,p,dl,dd,ul{margin:0}
a{color:#0b3d91}
button,input{font:inherit;color:inherit}
:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
main{max-width:34rem;margin:0 auto;padding:20px 16px 24px}
.brand{display:flex;align-items:center;gap:10px;margin-bottom:14px}
.logo{width:40px;height:40px;flex:none}
.issuer{font-size:13px;line-height:1.3;color:#4a4a4a}
h1{font-size:20px;line-height:1.3}
.message{margin-top:8px}
.hint{margin:16px 0 8px;font-size:13px;color:#4a4a4a}
.notice{padding:10px 12px;margin-bottom:12px;border-left:4px solid;border-radius:6px}
.notice.alert{background:#fdecea;border-color:#b3261e;color:#7a1912}
.notice.info{background:#e8f0fb;border-color:#0b3d91;color:#0a2d66}
.field{margin-bottom:12px}
.field label{display:block;margin-bottom:4px;font-size:14px;font-weight:600}
.field input{display:block;width:100%;min-height:44px;padding:8px 12px;font-size:16px;background:#fff;border:1px solid #6b6b6b;border-radius:6px}
.field input:focus-visible{outline-offset:0;border-color:#0b3d91}
button{min-height:44px;padding:8px 14px;font-weight:600;color:#0b3d91;background:#fff;border:1px solid #0b3d91;border-radius:6px;cursor:pointer}
button.primary{width:100%;color:#fff;background:#0b3d91}
button:disabled{color:#5e5e5e;background:#efefef;border-color:#c4c4c4;cursor:not-allowed}
button.link{min-height:36px;padding:4px 8px;font-weight:400;text-decoration:underline;background:none;border:0}
`;

/** A stylesheet built once at module load; `raw` because it is our constant, never data. */
export function styleSheet(css: string): HtmlEscapedString {
  return raw(css.replace(/\n/g, ''));
}

interface LayoutProps {
  lang: Lang;
  title: string;
  /** CSP nonce of this response: the only inline style (and script) the browser will run. */
  nonce: string;
  styles: HtmlEscapedString;
  bodyClass?: string;
  /** Extra head elements (e.g. a feed's `<link rel="alternate">`). */
  head?: Child;
}

export const Layout: FC<PropsWithChildren<LayoutProps>> = (props) => (
  <html lang={props.lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light" />
      <meta name="robots" content="noindex, nofollow" />
      {/* Keeps phones from turning masked numbers and amounts into call links. */}
      <meta name="format-detection" content="telephone=no" />
      {/* No favicon request: the page loads nothing beyond itself. */}
      <link rel="icon" href="data:," />
      <title>{props.title}</title>
      <style nonce={props.nonce}>{props.styles}</style>
      {props.head}
    </head>
    <body class={props.bodyClass}>{props.children}</body>
  </html>
);

/** A complete document for `c.html()`. Our views are synchronous, so an async result is a programming error. */
export function renderDocument(element: HtmlEscapedString | Promise<HtmlEscapedString>): string {
  const html: unknown = element instanceof Promise ? element : element.toString();
  if (typeof html !== 'string') throw new Error('renderDocument: views must render synchronously');
  return `<!doctype html>${html}`;
}
