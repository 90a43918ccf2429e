import type { Child } from 'hono/jsx';
import type { Lang } from '../../core/i18n.ts';
import { type Ctx, newNonce, type Status, sendPage } from './http.ts';
import { consolePage } from './layout.tsx';
import type { Principal } from './service/roles.ts';

/** Who a console page is for: the signed-in operator's menu and CSRF token, or neither before sign-in. */
export interface PageViewer {
  lang: Lang;
  op?: Principal | undefined;
  csrf?: string | undefined;
}

export interface PageOptions {
  status?: Status;
  /** Makes the browser reload the page after this many seconds (progress views). */
  refreshSeconds?: number;
}

/**
 * Sends one console page: the console layout (with the menu when signed in) under a fresh nonce CSP, never
 * framed or cached. Every console screen, whichever feature it belongs to, is sent through here.
 */
export function sendConsolePage(
  c: Ctx,
  viewer: PageViewer,
  title: string,
  body: Child,
  options: PageOptions = {},
): Response {
  const nonce = newNonce();
  if (options.refreshSeconds) c.header('Refresh', String(options.refreshSeconds));
  const html = consolePage({ lang: viewer.lang, nonce, title, op: viewer.op, csrf: viewer.csrf, children: body });
  return sendPage(c, nonce, html, options.status);
}

/** A page that only says something went wrong (refused, not found, not possible now). */
export function messagePage(c: Ctx, viewer: PageViewer, title: string, text: string, status: Status): Response {
  return sendConsolePage(
    c,
    viewer,
    title,
    <p class="notice alert" role="alert">
      {text}
    </p>,
    { status },
  );
}
