import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { asServiceError, httpStatusOf, pageMessageOf } from '../../app/http/errors.ts';
import { readSessionCookie } from '../../app/http/session.ts';
import type { Lang } from '../../core/i18n.ts';
import { findActiveEnrolledOperator } from '../../storage/repositories/operators.ts';
import { allowed, CONSOLE_ROUTES, type ConsoleRouteKey } from './access.ts';
import { CONSOLE_SESSION, type ConsoleWeb, type Ctx, csrfFor, csrfRefused, formOf, langOf, withLang } from './http.ts';
import { t } from './layout.tsx';
import { messagePage } from './page.tsx';
import { type Principal, principalOf } from './service/roles.ts';

export interface Signed {
  web: ConsoleWeb;
  op: Principal;
  lang: Lang;
  csrf: string;
  token: string;
  /** Posted form fields ('' when absent); empty for GET. */
  f: (name: string) => string;
}

export type Handler = (c: Ctx, s: Signed) => Promise<Response>;

/** Mounts every route of the access table behind: session → role → CSRF (POST) → handler. */
export function mountGuarded(app: Hono<AppEnv>, web: ConsoleWeb, handlers: Record<ConsoleRouteKey, Handler>): void {
  // Body sizes (64 KiB; terms drafts and case attachments larger) are enforced at the edge: shared/limits.ts.
  for (const route of CONSOLE_ROUTES) {
    const handler = handlers[`${route.method} ${route.path}` as ConsoleRouteKey];
    const guarded = async (c: Ctx) => {
      const lang = langOf(c);
      const l = t(lang);
      const token = readSessionCookie(c, CONSOLE_SESSION);
      const signed = token ? await signedInOperator(web, token) : undefined;
      const op = signed?.op;
      if (!token || !op) {
        return route.method === 'GET'
          ? c.redirect(withLang(lang, '/console/sign-in'), 303)
          : c.text('sign-in required', 401);
      }
      const base = { web, op, lang, token, csrf: csrfFor(web, token) };
      // An issued password (docs/console.md "Operator accounts"): only the change page until it is changed.
      if (signed.mustChange && !PASSWORD_ROUTES.has(`${route.method} ${route.path}`)) {
        if (route.method === 'GET') return c.redirect(withLang(lang, '/console/password'), 303);
        return messagePage(
          c,
          base,
          l('パスワードの変更が必要です', 'Change your password first'),
          l(
            '発行されたパスワードを変更するまで、この操作はできません。',
            'Change the issued password before doing this.',
          ),
          403,
        );
      }
      if (!allowed(route.roles, op.role))
        return messagePage(
          c,
          base,
          l('権限がありません', 'Not allowed'),
          l('この操作はあなたのロールでは許可されていません。', 'Your role does not allow this.'),
          403,
        );
      let f: Signed['f'] = () => '';
      if (route.method === 'POST') {
        f = await formOf(c);
        if (csrfRefused(web, c, f('csrf')))
          return messagePage(
            c,
            base,
            l('要求を拒否しました', 'Request refused'),
            l('ページを開き直してからお試しください。', 'Reload the page and try again.'),
            403,
          );
      }
      try {
        return await handler(c, { ...base, f });
      } catch (thrown) {
        const err = asServiceError(thrown);
        if (!err) throw thrown;
        return messagePage(
          c,
          base,
          l('実行できませんでした', 'Could not do that'),
          `${pageMessageOf(err.code, lang)} (${err.code}: ${err.detail ?? err.message})`,
          httpStatusOf(err.code),
        );
      }
    };
    if (route.method === 'GET') app.get(route.path, guarded);
    else app.post(route.path, guarded);
  }
}

/** What an operator whose password was issued by someone else may still do. */
const PASSWORD_ROUTES = new Set<string>(['GET /console/password', 'POST /console/password', 'POST /console/sign-out']);

async function signedInOperator(
  web: ConsoleWeb,
  token: string,
): Promise<{ op: Principal; mustChange: boolean } | undefined> {
  const session = await web.store.read(web.deps.db, token, web.deps.clock.now());
  if (!session?.subject.startsWith('op:')) return undefined;
  const row = await findActiveEnrolledOperator(web.deps.db, session.subject.slice(3));
  return row ? { op: principalOf(row), mustChange: row.password_must_change } : undefined;
}
