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
import { ISSUER_LOGO_SVG } from './issuer-logo.ts';
import { CHALLENGE_TEXTS, type ChallengeTexts } from './messages.ts';

/*
 * Sizes: the default suits 03 (500x600) and 05. The compact rules apply to windows 01, 02 and 04 (400 px high)
 * AND to any frame under 440 px high whatever the CReq asked for; under 300 px high (400x250: a merchant
 * library that swaps window 01's sides, issue #18 item 7) the page goes landscape: one line for the purchase,
 * the two inputs side by side, submit and resend on one row. キャンセル is never beside SMS を再送信: it is a
 * link-style button on the bottom row, on the other side from where a resend tap lands. Tap targets stay at
 * least 36 px high.
 */
const compactRules = (p: string) => `
${p}main{padding:8px 10px}
${p}.brand{gap:8px;margin-bottom:6px}
${p}.logo{width:28px;height:28px}
${p}.issuer{font-size:12px}
${p}h1{font-size:16px}
${p}.purchase{gap:0 8px;padding:5px 8px;margin-bottom:6px}
${p}.purchase dt{font-size:12px}
${p}.purchase .amount{font-size:15px}
${p}.notice{padding:5px 8px;margin-bottom:6px;font-size:13px}
${p}.field{margin-bottom:6px}
${p}.field label{margin-bottom:1px;font-size:13px}
${p}.field input{min-height:40px;padding:6px 10px}
${p}button{min-height:40px;padding:6px 10px}
${p}.foot{margin-top:4px}
${p}.guide{margin-top:0;font-size:12px}
${p}.links{margin-top:2px}
${p}.hint{margin:8px 0 6px}
`;

const CHALLENGE_CSS = `
.purchase{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;padding:10px 12px;margin-bottom:12px;background:#f1f4f9;border-radius:8px}
.purchase dt{font-size:13px;color:#454545;align-self:center}
.purchase dd{font-weight:600}
.purchase .amount{font-size:18px}
.purchase .phone{overflow-wrap:normal}
.intro{margin-bottom:12px}
#otp{letter-spacing:.15em;font-variant-numeric:tabular-nums}
.actions{display:flex;flex-wrap:wrap;gap:8px}
.actions .primary{flex:1 1 100%}
.actions .resend{flex:1 1 100%}
.guide{margin-top:16px;font-size:13px;color:#3b3b3b}
.guide ul{margin:4px 0 0;padding-left:1.2em}
.links{display:flex;justify-content:space-between;align-items:center;gap:8px;margin-top:8px}
.links button.link{min-height:36px}
.links .cancel{margin-left:-8px}
.compact{font-size:14px}
.passkey{margin-bottom:10px}
.passkey a.primary{display:flex;align-items:center;justify-content:center;min-height:44px;padding:8px 14px;font-weight:600;color:#fff;background:#0b3d91;border-radius:6px;text-decoration:none}
.passkey .hint{margin:4px 0}
.passkey form{display:flex;justify-content:space-between;gap:8px}
details.sms>summary{min-height:36px;padding:6px 0;font-weight:600;color:#0b3d91;cursor:pointer}
form.sms button.link{min-height:36px;padding:6px 0;font-weight:600}
${compactRules('.compact ')}
.w01 .purchase dd{font-size:13px}
@media (max-height:440px){
body{font-size:14px}
${compactRules('')}
}
@media (max-height:300px){
:root main{padding:4px 10px}
:root .brand{margin-bottom:2px}
:root .brand .logo{display:none}
:root .brand>div{display:flex;align-items:baseline;gap:8px}
:root .issuer{font-size:11px}
:root h1{font-size:14px}
:root .purchase{grid-template-columns:auto 1fr auto auto;padding:2px 8px;margin-bottom:4px;font-size:12px}
:root .purchase dt{font-size:11px}
:root .purchase dd:first-of-type{grid-column:2 / span 3}
:root .purchase dd,:root .purchase .amount{font-size:13px}
:root .notice{padding:2px 8px;margin-bottom:4px;font-size:12px}
:root .field{margin-bottom:4px}
:root .field label{font-size:12px}
:root .field input,:root button{min-height:36px;padding:4px 10px}
:root .actions{flex-wrap:nowrap}
:root .actions .primary{flex:3 1 0}
:root .actions .resend{flex:2 1 0}
:root .foot{display:flex;align-items:center;gap:8px;margin-top:8px}
:root .links{display:contents}
:root .links .cancel{order:1}
:root .guide{order:2;flex:1 1 0;font-size:11px;text-align:center}
:root .links button[name="lang"]{order:3}
}
@media (max-width:300px) and (max-height:440px){
:root .brand{margin-bottom:4px}
:root .logo{width:20px;height:20px}
:root .brand>div{display:flex;align-items:baseline;flex-wrap:wrap;gap:0 6px}
:root .field{margin-bottom:4px}
:root .field input,:root button{min-height:36px;padding:4px 8px}
:root .actions{flex-wrap:nowrap}
:root .actions .primary{flex:1 1 0}
:root .actions .resend{flex:0 1 auto;white-space:nowrap;font-size:13px}
:root .purchase{line-height:1.3;padding:4px 8px}
:root .notice{font-size:12px;line-height:1.4}
:root .foot{margin-top:8px}
:root .guide{font-size:11px}
:root .links{margin-top:0}
}
@media (min-width:360px) and (max-height:300px),(min-width:480px){
.fields{display:grid;grid-template-columns:1fr 1fr;gap:0 12px}
}
@media (min-width:480px){
.compact .actions{flex-wrap:nowrap}
.compact .actions .primary{flex:3 1 0}
.compact .actions .resend{flex:2 1 0}
}
`;

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
