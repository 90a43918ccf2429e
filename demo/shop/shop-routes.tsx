import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Hono } from 'hono';
import type { AppDeps } from '../../src/app/deps.ts';
import type { AppEnv } from '../../src/app/http/app.ts';
import { isMessageVersion } from '../../src/protocol/versions.ts';
import { DEMO_CARDS } from '../seed/seed.ts';
import { isUuid } from '../simulator/encoding.ts';
import { mergeEntries } from '../simulator/flow-log.ts';
import { type SimulatorState, simulatorState } from '../simulator/state.ts';
import { newTransaction, SERVER_PATHS } from '../simulator/three-ds-server/flow.ts';
import { methodFormData, methodUrlAvailable, recordMethodSkipped } from '../simulator/three-ds-server/method.ts';
import { type Outcome, outcomeOf } from '../simulator/three-ds-server/outcome.ts';
import type { ServerTransaction } from '../simulator/three-ds-server/transactions.ts';
import { productById } from './catalogue.ts';
import { MethodPage } from './flow-pages.tsx';
import { demoCard, formBodyLimit, formFields, orderSummary } from './form.ts';
import { type Lang, langQuery, pickLang } from './lang.ts';
import { newNonce, originOf, sendPage } from './page.tsx';
import { ResultPage } from './result-page.tsx';
import { DEFAULT_VERSION, ShopPage, WINDOW_SIZES } from './shop-page.tsx';
import { shopText } from './text.ts';

/** How long the result page waits for an RReq that is on its way (it may land just after the CRes). */
const RREQ_WAIT_MS = 5_000;

export function langOf(c: Context, posted?: string): Lang {
  return pickLang(c.req.query('lang'), c.req.header('accept-language'), posted);
}

/** GET /demo/shop, POST /demo/shop/checkout, GET /demo/shop/result/{threeDSServerTransID}. */
export function mountShop(app: Hono<AppEnv>, deps: AppDeps): void {
  const state = simulatorState(deps);
  const publicUrl = deps.config.PUBLIC_URL;

  app.get('/demo', (c) => c.redirect(`/demo/shop${langQuery(langOf(c))}`, 302));

  app.get('/demo/shop', (c) => {
    const nonce = newNonce();
    const trust = c.req.query('trust') === '1';
    return sendPage(c, <ShopPage lang={langOf(c)} nonce={nonce} cards={DEMO_CARDS} offerTrustList={trust} />, {
      nonce,
    });
  });

  app.post('/demo/shop/checkout', formBodyLimit(), async (c) => {
    const form = await formFields(c);
    const lang = langOf(c, form.lang);
    const product = productById(form.product);
    const card = demoCard(form.card);
    const version = isMessageVersion(form.messageVersion) ? form.messageVersion : DEFAULT_VERSION;
    const windowSize = WINDOW_SIZES.find((s) => s === form.windowSize) ?? '05';
    if (!product || !card) {
      const nonce = newNonce();
      const page = <ShopPage lang={lang} nonce={nonce} cards={DEMO_CARDS} error={shopText(lang).invalidOrder} />;
      return sendPage(c, page, { nonce, status: 400 });
    }
    const methodURL = `${publicUrl}/3ds/method`;
    const available = await methodUrlAvailable(state, methodURL, Date.now());
    const txn = newTransaction(deps.clock, {
      lang,
      productId: product.id,
      amountYen: product.priceYen,
      cardKey: card.enetId,
      windowSize,
      version,
      offerTrustList: form.trustList === '1',
      methodURL: available ? methodURL : undefined,
    });
    state.server.add(txn);
    if (!available) recordMethodSkipped(deps.clock, txn, methodURL);
    const method = available
      ? {
          url: methodURL,
          threeDSMethodData: methodFormData(deps.clock, txn, `${publicUrl}${SERVER_PATHS.methodNotify}`),
        }
      : undefined;
    const nonce = newNonce();
    const page = (
      <MethodPage
        lang={lang}
        nonce={nonce}
        order={orderSummary(txn, lang)}
        threeDSServerTransID={txn.threeDSServerTransID}
        authenticateAction={SERVER_PATHS.authenticate}
        method={method}
      />
    );
    const acsOrigin = originOf(methodURL);
    const origins = available && acsOrigin ? [acsOrigin] : [];
    return sendPage(c, page, { nonce, frameOrigins: origins, formOrigins: origins });
  });

  app.get('/demo/shop/result/:id', async (c) => {
    const id = c.req.param('id');
    const txn = isUuid(id) ? state.server.get(id) : undefined;
    const lang = txn ? pickLang(c.req.query('lang'), undefined, txn.lang) : langOf(c);
    const nonce = newNonce();
    if (!txn) {
      const page = <ShopPage lang={lang} nonce={nonce} cards={DEMO_CARDS} error={shopText(lang).unknownTransaction} />;
      return sendPage(c, page, { nonce, status: 404 });
    }
    const outcome = await settledOutcome(state, txn);
    const ds = state.ds.get(txn.threeDSServerTransID);
    const page = (
      <ResultPage
        lang={lang}
        nonce={nonce}
        order={orderSummary(txn, lang)}
        messageVersion={txn.version}
        outcome={outcome}
        entries={mergeEntries(txn.entries, ds?.entries ?? [])}
      />
    );
    return sendPage(c, page, { nonce });
  });
}

/** The outcome once the RReq is in, waiting briefly when the CRes came first. */
async function settledOutcome(state: SimulatorState, txn: ServerTransaction): Promise<Outcome> {
  const deadline = Date.now() + RREQ_WAIT_MS;
  for (;;) {
    const outcome = outcomeOf(txn, state.ds.get(txn.threeDSServerTransID)?.rreq);
    if (!outcome.awaitingRReq || Date.now() >= deadline) return outcome;
    await sleep(100);
  }
}
