import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../../src/core/ports.ts';
import type { JsonObject } from '../../../src/protocol/json.ts';
import { parseJsonStrict } from '../../../src/protocol/json.ts';
import { checkMessage } from '../check.ts';
import { DS_AREQ_PATH } from '../ds/areq-relay.ts';
import { buildRRes, simulatorErro } from '../ds/messages.ts';
import { decodeBase64urlJson, encodeBase64urlJson, stringField } from '../encoding.ts';
import { flowEntry } from '../flow-log.ts';
import { describeFailure, postJson } from '../http.ts';
import type { BrowserInfo } from './browser-info.ts';
import { buildBrowserAReq, buildBrowserCReq, type CompInd, type MerchantProfile } from './messages.ts';
import type { ServerTransaction, ServerTransactions } from './transactions.ts';

/** The simulated 3DS Server's own endpoints (all under PUBLIC_URL). */
export const SERVER_PATHS = {
  authenticate: '/demo/3ds-server/authenticate',
  methodNotify: '/demo/3ds-server/method-notify',
  notify: '/demo/3ds-server/notify',
  rreq: '/demo/3ds-server/rreq',
} as const;

export interface ServerDeps {
  publicUrl: string;
  clock: Clock;
}

export function newTransaction(
  clock: Clock,
  init: Omit<
    ServerTransaction,
    'threeDSServerTransID' | 'createdAt' | 'threeDSSessionData' | 'entries' | 'methodNotifiedAt'
  >,
): ServerTransaction {
  return {
    ...init,
    threeDSServerTransID: randomUUID(),
    createdAt: clock.now(),
    methodNotifiedAt: undefined,
    threeDSSessionData: Buffer.from(`sim-session-${randomBytes(12).toString('hex')}`).toString('base64url'),
    entries: [],
  };
}

/** docs/emv-codes.md §15 threeDSCompInd: Y method completed, N not completed in time, U no method URL. */
export function compIndOf(txn: ServerTransaction): CompInd {
  if (!txn.methodURL) return 'U';
  return txn.methodNotifiedAt ? 'Y' : 'N';
}

/**
 * Builds the AReq and sends it to the DS over HTTP; keeps the ARes (or Erro). Runs once per transaction:
 * a re-posted form finds the answer already there.
 */
export async function authenticate(
  deps: ServerDeps,
  txn: ServerTransaction,
  card: { pan: string; expiry: string },
  browser: BrowserInfo,
  merchant: MerchantProfile,
): Promise<void> {
  if (txn.areq) return;
  const areq = buildBrowserAReq({
    version: txn.version,
    threeDSServerTransID: txn.threeDSServerTransID,
    card,
    amountYen: txn.amountYen,
    purchaseDate: deps.clock.now(),
    merchant,
    threeDSServerURL: `${deps.publicUrl}${SERVER_PATHS.rreq}`,
    notificationURL: `${deps.publicUrl}${SERVER_PATHS.notify}`,
    threeDSCompInd: compIndOf(txn),
    browser,
    offerTrustList: txn.offerTrustList === true,
  });
  const entry = flowEntry(deps.clock.now(), '3ds-server', '3ds-server→ds', areq);
  txn.areq = entry.body; // kept PAN-masked: only the request on the wire carries the full number
  txn.entries.push(entry);
  const result = await postJson(`${deps.publicUrl}${DS_AREQ_PATH}`, areq, { timeoutMs: 20_000 });
  if (!result.ok) {
    txn.failure = `the DS ${describeFailure(result)}`;
    return;
  }
  txn.ares = result.body;
}

/** The form the browser posts into the challenge iframe, or undefined when the ARes asks for no challenge. */
export function challengeRequest(
  clock: Clock,
  txn: ServerTransaction,
): { acsURL: string; creq: string; threeDSSessionData: string } | undefined {
  const ares = txn.ares;
  const acsURL = stringField(ares, 'acsURL');
  if (ares?.transStatus !== 'C' || !acsURL || !isHttpUrl(acsURL)) return undefined;
  if (!txn.creq) {
    txn.creq = buildBrowserCReq(ares, txn.windowSize);
    txn.entries.push(flowEntry(clock.now(), '3ds-server', 'browser→acs', txn.creq));
  }
  return { acsURL, creq: encodeBase64urlJson(txn.creq), threeDSSessionData: txn.threeDSSessionData };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The final CRes posted by the ACS page to notificationURL (docs/emv-codes.md §13 step 6), or an Erro in its place.
 * Returns the transaction it belongs to.
 */
export function receiveCRes(
  clock: Clock,
  store: ServerTransactions,
  cres: string | undefined,
  threeDSSessionData: string | undefined,
): ServerTransaction | undefined {
  const message = decodeBase64urlJson(cres);
  const txn = store.get(stringField(message, 'threeDSServerTransID'));
  if (!message || !txn) return undefined;
  if (txn.cres) return txn;
  txn.cres = message;
  const check = checkMessage(message, txn.version, txn.areq);
  const sessionKept = threeDSSessionData === txn.threeDSSessionData;
  const wrongAcs = stringField(message, 'acsTransID') !== stringField(txn.ares, 'acsTransID');
  const findings = [
    ...(check.detail ? [check.detail] : []),
    ...(sessionKept ? [] : ['threeDSSessionData did not come back unchanged']),
    ...(wrongAcs ? ['acsTransID differs from the ARes'] : []),
  ];
  txn.entries.push(
    flowEntry(clock.now(), '3ds-server', 'acs→browser→3ds-server', message, {
      check: findings.length === 0 ? { ok: true } : { ok: false, detail: findings.join('; ') },
    }),
  );
  return txn;
}

/** RReq forwarded by the DS to threeDSServerURL: keep it and acknowledge with an RRes (or Erro 301). */
export function receiveRReq(store: ServerTransactions, text: string): JsonObject {
  const parsed = parseJsonStrict(text);
  const rreq = parsed.ok ? parsed.value : undefined;
  if (rreq?.messageType !== 'RReq') {
    return { ...simulatorErro('S', '101', 'messageType', rreq, 'not an RReq') };
  }
  const txn = store.get(stringField(rreq, 'threeDSServerTransID'));
  if (!txn || stringField(rreq, 'acsTransID') !== stringField(txn.ares, 'acsTransID')) {
    return { ...simulatorErro('S', '301', 'threeDSServerTransID', rreq, 'transaction not known to this 3DS Server') };
  }
  txn.rreq = rreq;
  txn.rres = buildRRes(rreq);
  return txn.rres;
}
