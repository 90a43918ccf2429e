import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../app/http/app.ts';
import { BASE_CSS, Layout, renderDocument, styleSheet } from '../../app/http/layout.tsx';
import { formatAmount } from '../../core/format.ts';
import { chooseLang, type Lang } from '../../core/i18n.ts';
import { loadChallengeContext } from '../authentication/challenge/context.ts';
import type { ChallengeDeps } from '../authentication/challenge/deps.ts';
import { CeremonyError, CeremonyScript } from './ceremony-view.tsx';
import { approveWithPasskey, requestOptions, type WindowState, windowState } from './challenge.ts';
import { WINDOW_TEXTS } from './window-texts.ts';

const STYLES = styleSheet(
  `${BASE_CSS}
.purchase{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;padding:10px 12px;margin:12px 0;background:#f1f4f9;border-radius:8px}
.purchase dd{font-weight:600}`,
);
// Only a window we could close closes; otherwise the member is told to go back.
const TRY_CLOSE = raw('setTimeout(() => window.close(), 1500);');

type WindowContext = Context<AppEnv>;

/**
 * The passkey window (docs/passkeys.md): a top-level page of the ACS's own origin, opened by the member's tap in
 * the merchant's frame, where WebAuthn is allowed whatever the frame's `allow` attribute. GET shows the purchase
 * and runs navigator.credentials.get on the tap; POST verifies; `/status` is what the frame polls.
 */
export function mountPasskeyWindow(app: Hono<AppEnv>, deps: ChallengeDeps, bodyLimit: () => MiddlewareHandler): void {
  app.get('/3ds/passkey/:handle/status', async (c) => {
    const state = await windowState(deps, c.req.param('handle'));
    c.header('Cache-Control', 'no-store');
    return c.json({ done: state.kind !== 'open' });
  });

  app.get('/3ds/passkey/:handle', async (c) => {
    const lang = langOf(c);
    return show(c, deps, lang, await windowState(deps, c.req.param('handle')));
  });

  app.post('/3ds/passkey/:handle', bodyLimit(), async (c) => {
    const handle = c.req.param('handle');
    let form: Record<string, string | File>;
    try {
      form = await c.req.parseBody();
    } catch {
      form = {};
    }
    const lang = langOf(c, typeof form.lang === 'string' ? form.lang : undefined);
    const credential = typeof form.credential === 'string' ? form.credential : undefined;
    const result = await approveWithPasskey(deps, handle, credential);
    if (result.ok) return c.redirect(`/3ds/passkey/${handle}${lang === 'en' ? '?lang=en' : ''}`, 303);
    const state = await windowState(deps, handle);
    if (result.reason === 'ended' || state.kind !== 'open') return show(c, deps, lang, state);
    return show(c, deps, lang, state, result.reason, result.reason === 'invalid' ? 400 : 403);
  });
}

function langOf(c: WindowContext, posted?: string): Lang {
  return chooseLang(posted ?? c.req.query('lang'), c.req.header('accept-language'));
}

async function show(
  c: WindowContext,
  deps: ChallengeDeps,
  lang: Lang,
  state: WindowState,
  refused?: 'invalid' | 'unknown_passkey' | 'not_allowed',
  status: 200 | 400 | 403 = 200,
): Promise<Response> {
  const nonce = randomBytes(16).toString('base64url');
  const t = WINDOW_TEXTS[lang];
  if (state.kind !== 'open') {
    const approved = state.kind === 'approved';
    const page = (
      <Layout lang={lang} title={approved ? t.approvedTitle : t.endedTitle} nonce={nonce} styles={STYLES}>
        <main>
          <div role="status">
            <h1>{approved ? t.approvedTitle : t.endedTitle}</h1>
            <p class="message">{approved ? t.approvedBody : t.endedBody}</p>
          </div>
          {approved && <script nonce={nonce}>{TRY_CLOSE}</script>}
        </main>
      </Layout>
    );
    return send(c, nonce, renderDocument(page), approved ? 200 : 410);
  }
  const { ceremony, txn } = state;
  const ctx = await loadChallengeContext(deps.db, deps.keys, txn);
  const options: PublicKeyCredentialRequestOptionsJSON = await requestOptions(deps, ceremony);
  const amount = formatAmount(txn.purchase_amount, txn.purchase_currency, txn.purchase_exponent, lang);
  const page = (
    <Layout
      lang={lang}
      title={`${t.title} | ${lang === 'en' ? ctx.issuerNameEn : ctx.issuerName}`}
      nonce={nonce}
      styles={STYLES}
    >
      <main>
        <p class="issuer">{lang === 'en' ? ctx.issuerNameEn : ctx.issuerName}</p>
        <h1>{t.title}</h1>
        <dl class="purchase">
          <dt>{t.merchant}</dt>
          <dd>{txn.merchant_name ?? ''}</dd>
          {amount !== '' && (
            <>
              <dt>{t.amount}</dt>
              <dd>{amount}</dd>
            </>
          )}
        </dl>
        {refused && (
          <p id="notice" class="notice alert" role="alert">
            {t.refused[refused]}
          </p>
        )}
        <p class="message">{t.intro}</p>
        <CeremonyError unsupported={t.unsupported} cancelled={t.cancelled} />
        <form id="webauthn-form" method="post" action={`/3ds/passkey/${ceremony.id}`}>
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="credential" value="" />
          <button type="submit" class="primary">
            {t.use}
          </button>
        </form>
        <CeremonyScript mode="get" options={options} nonce={nonce} />
      </main>
    </Layout>
  );
  return send(c, nonce, renderDocument(page), status);
}

/** Our own window: never framed, nothing cached, the handle in its address never sent on as a Referer. */
function send(c: WindowContext, nonce: string, html: string, status: 200 | 400 | 403 | 410): Response {
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  return c.html(html, status);
}
