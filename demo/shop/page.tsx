import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { demoPageHeaders } from '../../src/app/http/headers.ts';
import type { Lang } from './lang.ts';
import { DEMO_CSS } from './styles.ts';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

interface LayoutProps {
  lang: Lang;
  title: string;
  nonce: string;
  /** `<meta http-equiv="refresh">` seconds: pages that wait for something refresh without JavaScript. */
  refreshSeconds?: number;
  /** Pages shown inside an iframe get a plain white body. */
  framed?: boolean;
}

export const Layout: FC<PropsWithChildren<LayoutProps>> = (props) => (
  <html lang={props.lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      {props.refreshSeconds !== undefined && <meta http-equiv="refresh" content={String(props.refreshSeconds)} />}
      <link rel="icon" href="data:," />
      <title>{props.title}</title>
      <style nonce={props.nonce}>{raw(DEMO_CSS)}</style>
    </head>
    <body class={props.framed ? 'frame' : undefined}>{props.children}</body>
  </html>
);

/** A static script (our own text, never data) allowed by the page's nonce. */
export const InlineScript: FC<{ nonce: string; code: string }> = ({ nonce, code }) => (
  <script nonce={nonce}>{raw(code)}</script>
);

export interface SendOptions {
  nonce: string;
  /** Origins the page may frame (the ACS's method URL and acsURL). */
  frameOrigins?: readonly string[];
  /** Origins the page's forms may post to (the ACS). */
  formOrigins?: readonly string[];
  status?: 200 | 400 | 404;
}

/** Sends a page with its CSP: nothing external, inline style/script only with this response's nonce. */
export function sendPage(c: Context, page: Child, options: SendOptions) {
  demoPageHeaders(c, options.nonce, options.frameOrigins ?? [], options.formOrigins ?? []);
  return c.html(html`<!DOCTYPE html>${page}`, options.status ?? 200);
}

/** The origin of a URL, for CSP lists; undefined when it does not parse. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The simulator banner every demo page carries: the shop and its 3DS Server/DS are stand-ins. */
export const SimulatorBar: FC<{ lang: Lang; title: string; links?: Child }> = ({ lang, title, links }) => (
  <header class="bar">
    <strong>
      {title} <span class="sim">{lang === 'ja' ? 'シミュレーター' : 'Simulator'}</span>
    </strong>
    <span>{links}</span>
  </header>
);
