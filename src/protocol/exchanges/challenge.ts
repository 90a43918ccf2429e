import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { clientIp } from '../../app/http/client-ip.ts';
import { challengePageHeaders } from '../../app/http/headers.ts';
import type { ChallengeEnd, Lang, WindowSize } from '../../core/challenge-view.ts';
import { formatAmount } from '../../core/format.ts';
import { chooseLang } from '../../core/i18n.ts';
import { actOnChallenge, type ChallengeAction } from '../../features/authentication/challenge/actions.ts';
import type { ChallengeDeps } from '../../features/authentication/challenge/deps.ts';
import { openChallenge } from '../../features/authentication/challenge/open.ts';
import type { ChallengeStep } from '../../features/authentication/challenge/steps.ts';
import {
  renderChallengeError,
  renderChallengePage,
  renderFinalCRes,
} from '../../features/authentication/page/views.tsx';
import { passkeyOffer } from '../../features/passkeys/challenge.ts';
import { mountPasskeyWindow } from '../../features/passkeys/window-routes.tsx';
import { trustListOffer } from '../../features/risk/trusted-listing.ts';
import { checkChallengeForm } from '../browser-forms.ts';
import { buildFinalCRes } from '../outgoing.ts';
import type { MessageVersion } from '../versions.ts';
import { protocolBodyLimit } from './areq.ts';
import { processAppCReq } from './creq-app.ts';

const WINDOW_SIZES: readonly string[] = ['01', '02', '03', '04', '05'];

/**
 * POST /3ds/challenge — the acsURL. A browser CReq (`creq`, `threeDSSessionData`) opens the challenge; the
 * page's own posts (`token` + button) act on it. No cookies (docs/interfaces.md); the state is server-side.
 * An app CReq (`application/jose`) takes the app channel's exchange instead (protocol/app/creq.ts).
 */
export function mountChallenge(app: Hono<AppEnv>, deps: ChallengeDeps): void {
  mountPasskeyWindow(app, deps, protocolBodyLimit);
  app.post('/3ds/challenge', protocolBodyLimit(), async (c) => {
    if (isJose(c.req.header('content-type'))) return appCReq(c, deps);
    const nonce = randomBytes(16).toString('base64url');
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody();
    } catch {
      return page(
        c,
        nonce,
        renderChallengeError({ lang: langOf(c, undefined), cspNonce: nonce, kind: 'bad_request' }),
        400,
      );
    }
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const lang = langOf(c, field('lang'));
    let step: ChallengeStep;
    const creq = field('creq');
    const token = field('token');
    if (creq !== undefined && !checkChallengeForm({ creq, threeDSSessionData: field('threeDSSessionData') }).ok) {
      // fields.json objects.ChallengeForm: threeDSSessionData ≤ 1,024 base64url characters (docs/protocol.md).
      step = { kind: 'error', error: 'bad_request', status: 400 };
    } else if (creq !== undefined) {
      step = await openChallenge(deps, creq, field('threeDSSessionData'));
    } else if (token !== undefined) {
      step = await actOnChallenge(deps, token, actionOf(field, clientIp(c, deps.config.TRUST_PROXY)));
    } else {
      step = { kind: 'error', error: 'bad_request', status: 400 };
    }
    return render(c, deps, step, lang, nonce);
  });
}

function isJose(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/jose';
}

async function appCReq(c: Context<AppEnv>, deps: ChallengeDeps) {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    return c.text('Bad Request', 400);
  }
  const ip = clientIp(c, deps.config.TRUST_PROXY);
  const reply = await processAppCReq(deps, text, ip, c.req.header('x-request-id'));
  for (const [name, value] of Object.entries(reply.headers)) c.header(name, value);
  return c.body(reply.body, 200, { 'Content-Type': reply.contentType });
}

function actionOf(field: (name: string) => string | undefined, ip: string): ChallengeAction {
  if (field('cancel') !== undefined) return { type: 'cancel' };
  if (field('passkey') !== undefined) return { type: 'passkey_check' };
  if (field('sms') !== undefined) return { type: 'send_sms', clientIp: ip };
  if (field('resend') !== undefined) return { type: 'resend', clientIp: ip };
  if (field('lang') !== undefined) return { type: 'redisplay' };
  // trustMerchant: the trusted-merchant box (issue #20 item 5); the server checks it was offered.
  return {
    type: 'submit',
    enetId: field('enetId') ?? '',
    otp: field('otp') ?? '',
    trustMerchant: field('trustMerchant') === '1',
  };
}

function langOf(c: Context<AppEnv>, posted: string | undefined): Lang {
  return chooseLang(posted ?? c.req.query('lang'), c.req.header('accept-language'));
}

async function render(c: Context<AppEnv>, deps: ChallengeDeps, step: ChallengeStep, lang: Lang, nonce: string) {
  switch (step.kind) {
    case 'error':
      return page(c, nonce, renderChallengeError({ lang, cspNonce: nonce, kind: step.error }), step.status);
    case 'erro': {
      const cres = Buffer.from(JSON.stringify(step.erro)).toString('base64url');
      const html = renderFinalCRes({
        lang,
        cspNonce: nonce,
        windowSize: '05',
        end: 'failed',
        notificationUrl: step.notificationUrl,
        cres,
        threeDSSessionData: step.sessionData,
      });
      return page(c, nonce, html, 200, true);
    }
    case 'final': {
      const { txn } = step;
      const cresMessage = buildFinalCRes({
        version: txn.message_version as MessageVersion,
        threeDSServerTransID: txn.three_ds_server_trans_id,
        acsTransID: txn.acs_trans_id,
        transStatus: txn.trans_status ?? 'N',
      });
      const notificationUrl = txn.notification_url ?? '';
      const html = renderFinalCRes({
        lang,
        cspNonce: nonce,
        windowSize: windowOf(txn.challenge_window_size),
        end: endOf(txn.trans_status, txn.trans_status_reason, txn.challenge_cancel),
        notificationUrl,
        cres: Buffer.from(JSON.stringify(cresMessage)).toString('base64url'),
        threeDSSessionData: txn.session_data ?? undefined,
      });
      return page(c, nonce, html, 200, true);
    }
    case 'page': {
      const { txn, ctx } = step;
      const html = renderChallengePage({
        lang,
        cspNonce: nonce,
        windowSize: windowOf(txn.challenge_window_size),
        actionUrl: lang === 'en' ? '/3ds/challenge?lang=en' : '/3ds/challenge',
        formToken: step.formToken,
        issuerName: lang === 'en' ? ctx.issuerNameEn : ctx.issuerName,
        merchantName: txn.merchant_name ?? '',
        amount: formatAmount(txn.purchase_amount, txn.purchase_currency, txn.purchase_exponent, lang),
        maskedPhone: ctx.maskedPhone ?? '',
        codeValidityMinutes: Math.round(Math.min(600, deps.config.OTP_TTL_SECONDS) / 60),
        notice: step.notice,
        enetIdValue: step.enetIdValue ?? '',
        canResend: txn.otp_sends < 3,
        passkeyUrl: await passkeyOffer(deps, txn, ctx),
        offerTrustList: trustListOffer(txn) !== undefined,
        smsAwaitsTap: txn.otp_sends === 0,
      });
      return page(c, nonce, html, 200);
    }
  }
}

function windowOf(size: string | null): WindowSize {
  return (size && WINDOW_SIZES.includes(size) ? size : '05') as WindowSize;
}

function endOf(status: string | null, reason: string | null, cancel: string | null): ChallengeEnd {
  if (status === 'Y') return 'authenticated';
  if (cancel === '01') return 'cancelled';
  if (reason === '14') return 'timed_out';
  if (reason === '22') return 'suspended';
  if (reason === '12') return 'locked';
  return 'failed';
}

/**
 * Every challenge response: the challenge page's headers (shared/headers.ts; the final CRes page may post
 * to the notificationURL and follow wherever it redirects), and never a cookie.
 */
function page(c: Context<AppEnv>, nonce: string, html: string, status: 200 | 400 | 404 | 409 | 410, final = false) {
  challengePageHeaders(c, nonce, final ? 'final' : 'challenge');
  return c.html(html, status);
}
