import type { FC } from 'hono/jsx';
import type { WindowSize } from '../simulator/three-ds-server/messages.ts';
import { formatYen, type Lang } from './lang.ts';
import { InlineScript, Layout, SimulatorBar } from './page.tsx';
import { shopText } from './text.ts';

export interface OrderSummary {
  productName: string;
  amountYen: number;
  maskedPan: string;
}

const Summary: FC<{ lang: Lang; order: OrderSummary }> = ({ lang, order }) => (
  <p class="muted">
    {order.productName} · {formatYen(lang, order.amountYen)} · {order.maskedPan}
  </p>
);

/**
 * The 3DS Requestor gives up waiting for the 3DS Method after 5 s and sends the AReq with threeDSCompInd N
 * (EMV 3DS §5.8, 3DS Method; not the ~10 s some guides give).
 */
export const METHOD_WAIT_MS = 5_000;

/**
 * Fills the browser fields, runs the 3DS Method in a hidden iframe and continues once the ACS has notified
 * (or after METHOD_WAIT_MS). Our own static text; the page's nonce allows it.
 */
const COLLECT_SCRIPT = `(function(){
var f=document.getElementById('continue');
function put(n,v){var e=f.elements.namedItem(n);if(e){e.value=String(v);}}
put('js','1');put('screenWidth',screen.width);put('screenHeight',screen.height);
put('colorDepth',screen.colorDepth);put('tz',new Date().getTimezoneOffset());
put('language',navigator.language||'');
put('java',navigator.javaEnabled&&navigator.javaEnabled()?'1':'0');
var sent=false;function go(){if(!sent){sent=true;f.submit();}}
var m=document.getElementById('method-form');
if(!m){go();return;}
window.addEventListener('message',function(e){if(e.origin===location.origin&&e.data==='ninsho-sim:method-complete'){go();}});
m.submit();setTimeout(go,${METHOD_WAIT_MS});
})();`;

export interface MethodPageProps {
  lang: Lang;
  nonce: string;
  order: OrderSummary;
  threeDSServerTransID: string;
  authenticateAction: string;
  /** Present when the ACS has a 3DS Method URL for the card range. */
  method: { url: string; threeDSMethodData: string } | undefined;
}

export const MethodPage: FC<MethodPageProps> = (props) => {
  const t = shopText(props.lang);
  return (
    <Layout lang={props.lang} title={t.shopName} nonce={props.nonce}>
      <SimulatorBar lang={props.lang} title={t.shopName} />
      <main>
        <h1>{t.collecting}</h1>
        <Summary lang={props.lang} order={props.order} />
        <p class="muted">{t.collectingHelp}</p>
        {props.method && (
          <>
            <iframe name="threeDSMethodFrame" class="hidden-frame" title="3DS Method" tabindex={-1} />
            <form id="method-form" method="post" action={props.method.url} target="threeDSMethodFrame">
              <input type="hidden" name="threeDSMethodData" value={props.method.threeDSMethodData} />
            </form>
          </>
        )}
        <form id="continue" method="post" action={props.authenticateAction}>
          <input type="hidden" name="threeDSServerTransID" value={props.threeDSServerTransID} />
          <input type="hidden" name="js" value="0" />
          <input type="hidden" name="screenWidth" value="" />
          <input type="hidden" name="screenHeight" value="" />
          <input type="hidden" name="colorDepth" value="" />
          <input type="hidden" name="tz" value="" />
          <input type="hidden" name="language" value="" />
          <input type="hidden" name="java" value="" />
          <div class="actions">
            <button type="submit">{t.continue}</button>
          </div>
        </form>
        <InlineScript nonce={props.nonce} code={COLLECT_SCRIPT} />
      </main>
    </Layout>
  );
};

/** docs/emv-codes.md §9: the iframe takes the size the CReq announces; 05 is the full page. */
const FRAME_SIZES: Record<WindowSize, { width: number; height: number } | undefined> = {
  '01': { width: 250, height: 400 },
  '02': { width: 390, height: 400 },
  '03': { width: 500, height: 600 },
  '04': { width: 600, height: 400 },
  '05': undefined,
};

const START_SCRIPT = `(function(){
var b=document.getElementById('start');if(b){b.hidden=true;}
document.getElementById('creq-form').submit();
})();`;

export interface ChallengePageProps {
  lang: Lang;
  nonce: string;
  order: OrderSummary;
  windowSize: WindowSize;
  acsURL: string;
  creq: string;
  threeDSSessionData: string;
}

/** Posts the CReq into the challenge iframe (docs/emv-codes.md §13 step 2); without JavaScript the button does it. */
export const ChallengePage: FC<ChallengePageProps> = (props) => {
  const t = shopText(props.lang);
  const size = FRAME_SIZES[props.windowSize];
  return (
    <Layout lang={props.lang} title={t.challengeTitle} nonce={props.nonce}>
      <SimulatorBar lang={props.lang} title={t.shopName} />
      <main>
        <h1>{t.challengeTitle}</h1>
        <Summary lang={props.lang} order={props.order} />
        <p class="muted">{t.challengeHelp}</p>
        <form id="creq-form" method="post" action={props.acsURL} target="challengeFrame">
          <input type="hidden" name="creq" value={props.creq} />
          <input type="hidden" name="threeDSSessionData" value={props.threeDSSessionData} />
          <button id="start" type="submit">
            {t.startChallenge}
          </button>
        </form>
        <iframe
          name="challengeFrame"
          title={t.challengeTitle}
          class={size ? 'challenge-frame' : 'challenge-frame full'}
          width={size ? String(size.width) : undefined}
          height={size ? String(size.height) : undefined}
        />
        <InlineScript nonce={props.nonce} code={START_SCRIPT} />
      </main>
    </Layout>
  );
};

/** Inside the hidden 3DS Method iframe: tells the checkout page the ACS has notified. */
export const MethodDoneFrame: FC<{ lang: Lang; nonce: string }> = ({ lang, nonce }) => (
  <Layout lang={lang} title="3DS Method" nonce={nonce} framed>
    <InlineScript
      nonce={nonce}
      code="window.parent.postMessage('ninsho-sim:method-complete', window.location.origin);"
    />
  </Layout>
);

/** Inside the challenge iframe after the CRes: leaves the iframe for the result page (top window). */
export const ChallengeDoneFrame: FC<{ lang: Lang; nonce: string; resultUrl: string | undefined }> = (props) => {
  const t = shopText(props.lang);
  return (
    <Layout lang={props.lang} title={t.finished} nonce={props.nonce} framed>
      <main>
        {props.resultUrl ? (
          <>
            <p>{t.finished}</p>
            <p>
              <a id="next" class="button" href={props.resultUrl} target="_top">
                {t.showResult}
              </a>
            </p>
            <InlineScript nonce={props.nonce} code="window.top.location.href=document.getElementById('next').href;" />
          </>
        ) : (
          <p>{t.unknownTransaction}</p>
        )}
      </main>
    </Layout>
  );
};
