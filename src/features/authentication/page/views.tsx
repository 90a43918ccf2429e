import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { BASE_CSS, Layout, renderDocument, styleSheet } from '../../../app/http/layout.tsx';
import type {
  ChallengeErrorView,
  ChallengeNotice,
  ChallengePageView,
  FinalCResView,
  WindowSize,
} from '../../../core/challenge-view.ts';
import { TRUST_BOX_CSS, TrustListBox } from '../../risk/trusted-challenge-box.tsx';
import { CHALLENGE_CSS } from './challenge-css.ts';
import { ISSUER_LOGO_SVG } from './issuer-logo.ts';
import { CHALLENGE_TEXTS, type ChallengeTexts } from './messages.ts';

const STYLES = styleSheet(BASE_CSS + CHALLENGE_CSS + TRUST_BOX_CSS);
const LOGO = raw(ISSUER_LOGO_SVG);
const COMPACT: ReadonlySet<WindowSize> = new Set(['01', '02', '04']);
const INFO_NOTICES: ReadonlySet<ChallengeNotice['kind']> = new Set(['code_sent', 'code_resent', 'resend_cooldown']);
// Runs right after the form is parsed: the member's browser carries the CRes to the merchant (EMV 3DS browser flow).
const AUTO_SUBMIT = raw('document.getElementById("cres-form").submit();');

/*
 * The passkey offer in the merchant's frame (docs/passkeys.md): the link opens our own top-level window (a
 * cross-site frame without an allow attribute may not use WebAuthn); meanwhile the frame asks our server, never
 * the window, whether this challenge's ceremony approved, and then posts its own form to move on.
 */
const PASSKEY_WAIT = raw(`(() => {
  const open = document.getElementById('passkey-open');
  const form = document.getElementById('passkey-check');
  if (!open || !form) return;
  open.addEventListener('click', () => {
    document.getElementById('passkey-waiting').hidden = false;
    let polls = 0;
    const timer = setInterval(async () => {
      if (++polls > 400) return clearInterval(timer);
      try {
        const answer = await (await fetch(open.dataset.status, { cache: 'no-store' })).json();
        if (answer.done) { clearInterval(timer); form.requestSubmit(form.querySelector('button[name="passkey"]')); }
      } catch {}
    }, 1500);
  });
})();`);

/** Notices about the SMS form: with them the SMS part of a passkey page starts open. */
const SMS_NOTICES: ReadonlySet<ChallengeNotice['kind']> = new Set([
  'code_sent',
  'code_resent',
  'wrong_credentials',
  'code_expired',
  'resend_cooldown',
  'resend_limit',
  'send_failed',
  'missing_fields',
]);

const PasskeyOffer: FC<{ t: ChallengeTexts; view: ChallengePageView; url: string }> = ({ t, view, url }) => (
  <section class="passkey" aria-label={t.passkey.use}>
    <a id="passkey-open" class="primary" href={url} target="_blank" data-status={`${url}/status`} rel="noopener">
      {t.passkey.use}
    </a>
    <p class="hint">{t.passkey.hint}</p>
    <p id="passkey-waiting" class="notice info" role="status" hidden>
      {t.passkey.waiting}
    </p>
    <form id="passkey-check" method="post" action={view.actionUrl}>
      <input type="hidden" name="token" value={view.formToken} />
      <button type="submit" name="passkey" value="1" class="link">
        {t.passkey.check}
      </button>
      <button type="submit" name="cancel" value="1" class="link cancel">
        {t.cancel}
      </button>
    </form>
    <script nonce={view.cspNonce}>{PASSKEY_WAIT}</script>
  </section>
);

function bodyClass(size: WindowSize): string {
  return COMPACT.has(size) ? `compact w${size}` : `w${size}`;
}

const Notice: FC<{ t: ChallengeTexts; notice: ChallengeNotice }> = ({ t, notice }) => {
  const info = INFO_NOTICES.has(notice.kind);
  return (
    <p id="notice" role={info ? 'status' : 'alert'} class={info ? 'notice info' : 'notice alert'}>
      {t.notice(notice)}
    </p>
  );
};

const Guidance: FC<{ t: ChallengeTexts; compact: boolean; minutes: number }> = ({ t, compact, minutes }) =>
  compact ? (
    <p class="guide" id="otp-help">
      {t.compactGuidance(minutes)}
    </p>
  ) : (
    <div class="guide">
      <p id="otp-help">{t.validity(minutes)}</p>
      <ul>
        {t.safety.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
    </div>
  );

const ChallengePage: FC<{ view: ChallengePageView }> = ({ view }) => {
  const t = CHALLENGE_TEXTS[view.lang];
  const compact = COMPACT.has(view.windowSize);
  const alerting = view.notice !== undefined && !INFO_NOTICES.has(view.notice.kind);
  const describedBy = alerting ? 'notice' : undefined;
  return (
    <Layout
      lang={view.lang}
      title={`${t.titleSuffix} | ${view.issuerName}`}
      nonce={view.cspNonce}
      styles={STYLES}
      bodyClass={bodyClass(view.windowSize)}
    >
      <main>
        <header class="brand">
          {LOGO}
          <div>
            <p class="issuer">{view.issuerName}</p>
            <h1>{t.heading}</h1>
          </div>
        </header>
        <dl class="purchase">
          <dt>{t.merchant}</dt>
          <dd>{view.merchantName}</dd>
          {view.amount !== '' && (
            <>
              <dt>{t.amount}</dt>
              <dd class="amount">{view.amount}</dd>
            </>
          )}
          {view.maskedPhone !== '' && (
            <>
              <dt>{t.smsTo}</dt>
              <dd class="phone">{view.maskedPhone}</dd>
            </>
          )}
        </dl>
        {!compact && <p class="intro">{view.passkeyUrl && view.smsAwaitsTap ? t.passkey.intro : t.intro}</p>}
        {view.notice && <Notice t={t} notice={view.notice} />}
        {view.passkeyUrl ? (
          <>
            <PasskeyOffer t={t} view={view} url={view.passkeyUrl} />
            {view.smsAwaitsTap ? (
              <form class="sms" method="post" action={view.actionUrl}>
                <input type="hidden" name="token" value={view.formToken} />
                <button type="submit" name="sms" value="1" class="link">
                  {t.passkey.sms}
                </button>
              </form>
            ) : (
              <details class="sms" open={smsOpen(view)}>
                <summary>{t.passkey.sms}</summary>
                <SmsForm t={t} view={view} compact={compact} describedBy={describedBy} />
              </details>
            )}
          </>
        ) : (
          <SmsForm t={t} view={view} compact={compact} describedBy={describedBy} />
        )}
      </main>
    </Layout>
  );
};

function smsOpen(view: ChallengePageView): boolean {
  return view.enetIdValue !== '' || (view.notice !== undefined && SMS_NOTICES.has(view.notice.kind));
}

/** The e-net ID and SMS code form (the whole challenge when no passkey is offered). */
const SmsForm: FC<{
  t: ChallengeTexts;
  view: ChallengePageView;
  compact: boolean;
  describedBy: string | undefined;
}> = ({ t, view, compact, describedBy }) => (
  <form method="post" action={view.actionUrl}>
    <input type="hidden" name="token" value={view.formToken} />
    <div class="fields">
      <div class="field">
        <label for="enetId">{t.enetId}</label>
        <input
          id="enetId"
          name="enetId"
          type="text"
          value={view.enetIdValue}
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          maxlength={64}
          required
          autofocus={view.enetIdValue === '' && !view.passkeyUrl}
          aria-describedby={describedBy}
        />
      </div>
      <div class="field">
        <label for="otp">{t.otp}</label>
        <input
          id="otp"
          name="otp"
          type="text"
          autocomplete="one-time-code"
          inputmode="numeric"
          maxlength={6}
          required
          autofocus={view.enetIdValue !== ''}
          aria-describedby={describedBy ? `${describedBy} otp-help` : 'otp-help'}
        />
      </div>
    </div>
    {view.offerTrustList && <TrustListBox lang={view.lang} />}
    {/* The submit button comes first: pressing Enter in a field uses the form's first submit button. */}
    <div class="actions">
      <button type="submit" name="action" value="submit" class="primary">
        {t.submit}
      </button>
      <button type="submit" name="resend" value="1" formnovalidate disabled={!view.canResend} class="resend">
        {t.resend}
      </button>
    </div>
    <div class="foot">
      <Guidance t={t} compact={compact} minutes={view.codeValidityMinutes} />
      {/* キャンセル: link-style, on its own row, on the side away from resend (issue #18 item 7). */}
      <p class="links">
        <button type="submit" name="cancel" value="1" formnovalidate class="link cancel">
          {t.cancel}
        </button>
        <button type="submit" name="lang" value={t.otherLang.lang} lang={t.otherLang.lang} formnovalidate class="link">
          {t.otherLang.label}
        </button>
      </p>
    </div>
  </form>
);

export function renderChallengePage(view: ChallengePageView): string {
  return renderDocument(<ChallengePage view={view} />);
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url) && URL.canParse(url);
}

export function renderFinalCRes(view: FinalCResView): string {
  const t = CHALLENGE_TEXTS[view.lang];
  const end = t.end[view.end];
  // Never post the CRes anywhere but an http(s) URL; without one the member is told to go back to the shop.
  const canPost = isHttpUrl(view.notificationUrl);
  return renderDocument(
    <Layout
      lang={view.lang}
      title={end.title}
      nonce={view.cspNonce}
      styles={STYLES}
      bodyClass={bodyClass(view.windowSize)}
    >
      <main>
        <div class="brand">{LOGO}</div>
        <div role="status">
          <h1>{end.title}</h1>
          <p class="message">{canPost ? end.body : t.error.advice}</p>
        </div>
        {canPost && (
          <>
            <form id="cres-form" method="post" action={view.notificationUrl}>
              <input type="hidden" name="cres" value={view.cres} />
              {view.threeDSSessionData !== undefined && (
                <input type="hidden" name="threeDSSessionData" value={view.threeDSSessionData} />
              )}
              <p class="hint">{t.continueHint}</p>
              <button type="submit" class="primary">
                {t.continue}
              </button>
            </form>
            <script nonce={view.cspNonce}>{AUTO_SUBMIT}</script>
          </>
        )}
      </main>
    </Layout>,
  );
}

export function renderChallengeError(view: ChallengeErrorView): string {
  const t = CHALLENGE_TEXTS[view.lang].error;
  return renderDocument(
    <Layout lang={view.lang} title={t.title} nonce={view.cspNonce} styles={STYLES}>
      <main>
        <div class="brand">{LOGO}</div>
        <h1>{t.title}</h1>
        <p class="message">{t.kinds[view.kind]}</p>
        <p class="message">{t.advice}</p>
      </main>
    </Layout>,
  );
}
