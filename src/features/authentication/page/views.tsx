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
import { ISSUER_LOGO_SVG } from './issuer-logo.ts';
import { CHALLENGE_TEXTS, type ChallengeTexts } from './messages.ts';

/*
 * Sizes: the default suits 03 (500x600) and 05; `.compact` (01, 02, 04: 400 px high) tightens spacing, shrinks
 * the logo and shortens the guidance so the inputs and the submit button fit above the fold; from 480 px wide
 * the two inputs and the buttons sit side by side (04). Tap targets stay at least 40 px high.
 */
const CHALLENGE_CSS = `
.purchase{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;padding:10px 12px;margin-bottom:12px;background:#f1f4f9;border-radius:8px}
.purchase dt{font-size:13px;color:#454545;align-self:center}
.purchase dd{font-weight:600}
.purchase .amount{font-size:18px}
.purchase .phone{overflow-wrap:normal}
.intro{margin-bottom:12px}
#otp{letter-spacing:.15em;font-variant-numeric:tabular-nums}
.secondary{display:flex;gap:8px;margin-top:8px}
.secondary button{flex:1 1 0;min-width:0}
.guide{margin-top:16px;font-size:13px;color:#3b3b3b}
.guide ul{margin:4px 0 0;padding-left:1.2em}
.lang{margin-top:8px;text-align:right}
.compact{font-size:14px}
.compact main{padding:8px 10px}
.compact .brand{gap:8px;margin-bottom:6px}
.compact .logo{width:28px;height:28px}
.compact .issuer{font-size:12px}
.compact h1{font-size:16px}
.compact .purchase{gap:0 8px;padding:5px 8px;margin-bottom:6px}
.compact .purchase dt{font-size:12px}
.compact .purchase .amount{font-size:15px}
.w01 .purchase dd{font-size:13px}
.compact .notice{padding:5px 8px;margin-bottom:6px;font-size:13px}
.compact .field{margin-bottom:6px}
.compact .field label{margin-bottom:1px;font-size:13px}
.compact .field input{min-height:40px;padding:6px 10px}
.compact button{min-height:40px;padding:6px 10px}
.compact .secondary{margin-top:6px}
.compact .foot{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:0 8px;margin-top:4px}
.compact .guide{margin-top:0;font-size:12px}
.compact .lang{margin-top:0}
.compact .hint{margin:8px 0 6px}
@media (min-width:480px){
.fields{display:grid;grid-template-columns:1fr 1fr;gap:0 12px}
.compact .actions{display:flex;gap:8px}
.compact .actions .primary{flex:3 1 0}
.compact .secondary{flex:4 1 0;margin-top:0}
}
`;

const STYLES = styleSheet(BASE_CSS + CHALLENGE_CSS);
const LOGO = raw(ISSUER_LOGO_SVG);
const COMPACT: ReadonlySet<WindowSize> = new Set(['01', '02', '04']);
const INFO_NOTICES: ReadonlySet<ChallengeNotice['kind']> = new Set(['code_sent', 'code_resent', 'resend_cooldown']);
// Runs right after the form is parsed: the member's browser carries the CRes to the merchant (EMV 3DS browser flow).
const AUTO_SUBMIT = raw('document.getElementById("cres-form").submit();');

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
        {!compact && <p class="intro">{t.intro}</p>}
        {view.notice && <Notice t={t} notice={view.notice} />}
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
                autofocus={view.enetIdValue === ''}
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
          {/* The submit button comes first: pressing Enter in a field uses the form's first submit button. */}
          <div class="actions">
            <button type="submit" name="action" value="submit" class="primary">
              {t.submit}
            </button>
            <div class="secondary">
              <button type="submit" name="resend" value="1" formnovalidate disabled={!view.canResend}>
                {t.resend}
              </button>
              <button type="submit" name="cancel" value="1" formnovalidate>
                {t.cancel}
              </button>
            </div>
          </div>
          <div class="foot">
            <Guidance t={t} compact={compact} minutes={view.codeValidityMinutes} />
            <p class="lang">
              <button
                type="submit"
                name="lang"
                value={t.otherLang.lang}
                lang={t.otherLang.lang}
                formnovalidate
                class="link"
              >
                {t.otherLang.label}
              </button>
            </p>
          </div>
        </form>
      </main>
    </Layout>
  );
};

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
