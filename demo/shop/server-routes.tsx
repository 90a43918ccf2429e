import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import type { AppDeps } from '../../src/app/deps.ts';
import type { AppEnv } from '../../src/app/http/app.ts';
import { protocolBodyLimit } from '../../src/protocol/exchanges/areq.ts';
import { simulatorState } from '../simulator/state.ts';
import { browserInfoFrom } from '../simulator/three-ds-server/browser-info.ts';
import {
  authenticate,
  challengeRequest,
  receiveCRes,
  receiveRReq,
  SERVER_PATHS,
} from '../simulator/three-ds-server/flow.ts';
import { receiveMethodNotification } from '../simulator/three-ds-server/method.ts';
import { demoMerchant } from './catalogue.ts';
import { ChallengeDoneFrame, ChallengePage, MethodDoneFrame } from './flow-pages.tsx';
import { demoCard, formBodyLimit, formFields, orderSummary } from './form.ts';
import { langQuery } from './lang.ts';
import { newNonce, originOf, sendPage } from './page.tsx';
import { langOf } from './shop-routes.tsx';

/** The simulated 3DS Server's endpoints: 3DS Method notification, AReq start, CRes notification, RReq. */
export function mountThreeDSServer(app: Hono<AppEnv>, deps: AppDeps): void {
  const state = simulatorState(deps);
  const serverDeps = { publicUrl: deps.config.PUBLIC_URL, clock: deps.clock };
  const resultPath = (id: string, lang: 'ja' | 'en') => `/demo/shop/result/${id}${langQuery(lang)}`;

  app.post(SERVER_PATHS.methodNotify, formBodyLimit(), async (c) => {
    const form = await formFields(c);
    const txn = receiveMethodNotification(deps.clock, state.server, form.threeDSMethodData);
    const nonce = newNonce();
    return sendPage(c, <MethodDoneFrame lang={txn?.lang ?? 'ja'} nonce={nonce} />, { nonce });
  });

  app.post(SERVER_PATHS.authenticate, formBodyLimit(), async (c) => {
    const form = await formFields(c);
    const txn = state.server.get(form.threeDSServerTransID);
    const card = demoCard(txn?.cardKey);
    if (!txn || !card) return c.redirect(`/demo/shop/result/unknown${langQuery(langOf(c))}`, 303);
    const browser = browserInfoFrom(
      form,
      {
        accept: c.req.header('accept'),
        userAgent: c.req.header('user-agent'),
        acceptLanguage: c.req.header('accept-language'),
      },
      remoteAddress(c),
    );
    await authenticate(serverDeps, txn, card, browser, demoMerchant(deps.config.PUBLIC_URL));
    const challenge = challengeRequest(deps.clock, txn);
    if (!challenge) return c.redirect(resultPath(txn.threeDSServerTransID, txn.lang), 303);
    const nonce = newNonce();
    const acsOrigin = originOf(challenge.acsURL);
    const origins = acsOrigin ? [acsOrigin] : [];
    const page = (
      <ChallengePage
        lang={txn.lang}
        nonce={nonce}
        order={orderSummary(txn, txn.lang)}
        windowSize={txn.windowSize}
        acsURL={challenge.acsURL}
        creq={challenge.creq}
        threeDSSessionData={challenge.threeDSSessionData}
      />
    );
    return sendPage(c, page, { nonce, frameOrigins: origins, formOrigins: origins });
  });

  app.post(SERVER_PATHS.notify, formBodyLimit(), async (c) => {
    const form = await formFields(c);
    const txn = receiveCRes(deps.clock, state.server, form.cres, form.threeDSSessionData);
    const nonce = newNonce();
    const resultUrl = txn ? resultPath(txn.threeDSServerTransID, txn.lang) : undefined;
    const page = <ChallengeDoneFrame lang={txn?.lang ?? 'ja'} nonce={nonce} resultUrl={resultUrl} />;
    return sendPage(c, page, { nonce, ...(txn ? {} : { status: 404 as const }) });
  });

  app.post(SERVER_PATHS.rreq, protocolBodyLimit(), async (c) => {
    const answer = receiveRReq(state.server, await c.req.text());
    c.header('Cache-Control', 'no-store');
    return c.json(answer, 200);
  });
}

/** The browser's address for browserIP; unknown when the server adapter does not expose the socket. */
function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
