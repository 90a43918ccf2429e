import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { answerAReq } from '../../features/authentication/areq.ts';
import { spcResultOf } from '../../features/passkeys/spc-fields.ts';
import { logMessages } from '../../storage/repositories/message-log.ts';
import { checkAppAReq } from '../app/ares.ts';
import { buildErro, erroForFailure } from '../erro.ts';
import { validateMessageText } from '../incoming.ts';
import type { JsonObject } from '../json.ts';
import { versionHas } from '../versions.ts';

/** docs/interfaces.md: a protocol body over 256 KiB is refused with HTTP 413. */
export const PROTOCOL_BODY_LIMIT = 256 * 1024;

export function protocolBodyLimit() {
  return bodyLimit({
    maxSize: PROTOCOL_BODY_LIMIT,
    onError: (c) => c.text('Payload Too Large', 413),
  });
}

/** What /3ds/areq answers, independent of the HTTP stack: always HTTP 200 with an ARes or an Erro. */
export interface AReqReply {
  body: object;
  headers: Record<string, string>;
}

/** POST /3ds/areq — AReq from the DS → ARes or Erro (HTTP 200 for both). Production traffic takes the raw
 * node:http path in `areq-http.ts`; this route serves `app.request` and any other fetch-style caller. */
export function mountAReq(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post('/3ds/areq', protocolBodyLimit(), async (c) => {
    let text: string;
    try {
      text = await c.req.text();
    } catch {
      return c.text('Bad Request', 400);
    }
    const reply = await processAReq(deps, text, c.req.header('x-request-id'), c.get('requestId'));
    for (const [name, value] of Object.entries(reply.headers)) c.header(name, value);
    return c.json(reply.body, 200);
  });
}

/** Validates, decides and records one AReq text; never throws. */
export async function processAReq(
  deps: AppDeps,
  text: string,
  requestIdHeader: string | undefined,
  requestId: string,
): Promise<AReqReply> {
  const checked = validateMessageText(text, { messageType: 'AReq' });
  if (!checked.ok) {
    const erro = erroForFailure(checked, checked.message);
    deps.metrics.areqOutcomes.inc({ result: `erro_${erro.errorCode}` });
    await logUnmatched(deps, checked.message, erro);
    return reply(erro, checked.message, requestIdHeader);
  }
  const areq = checked.message;
  // App channel: the SDK's ephemeral key must be a P-256 point before anything is decided (Erro 203 naming it).
  const app = areq.deviceChannel === '01' ? checkAppAReq(areq) : undefined;
  if (app && !app.ok) {
    const erro = buildErro({
      errorCode: '203',
      errorDetail: app.errorDetail,
      errorDescription: 'sdkEphemPubKey is not an EC P-256 public key',
      messageVersion: areq.messageVersion,
      errorMessageType: 'AReq',
      ids: areq,
      deviceChannel: areq.deviceChannel,
    });
    deps.metrics.areqOutcomes.inc({ result: 'erro_203' });
    await logUnmatched(deps, areq, erro);
    return reply(erro, areq, requestIdHeader);
  }
  // Secure Payment Confirmation (2.3.1): a malformed SPC result is Erro 203 naming the field (docs/protocol.md).
  const spc = areq.deviceChannel === '02' ? spcResultOf(areq) : undefined;
  if (spc?.kind === 'malformed') {
    const erro = buildErro({
      errorCode: '203',
      errorDetail: spc.field,
      errorDescription: spc.description,
      messageVersion: areq.messageVersion,
      errorMessageType: 'AReq',
      ids: areq,
      deviceChannel: areq.deviceChannel,
    });
    deps.metrics.areqOutcomes.inc({ result: 'erro_203' });
    await logUnmatched(deps, areq, erro);
    return reply(erro, areq, requestIdHeader);
  }
  try {
    const answer = await answerAReq(deps, areq, checked.messageVersion, app && { key: app.sdkKey, jwk: app.sdkJwk });
    if (answer.kind === 'not_in_range') {
      const erro = buildErro({
        errorCode: '305',
        errorDetail: 'acctNumber',
        errorDescription: 'card number is not in a range served by this ACS',
        messageVersion: areq.messageVersion,
        errorMessageType: 'AReq',
        ids: areq,
        deviceChannel: areq.deviceChannel,
      });
      deps.metrics.areqOutcomes.inc({ result: 'erro_305' });
      await logUnmatched(deps, areq, erro);
      return reply(erro, areq, requestIdHeader);
    }
    deps.metrics.areqOutcomes.inc({ result: answer.transStatus });
    return reply(answer.message, areq, requestIdHeader);
  } catch (err) {
    deps.logger.error({ err, requestId }, 'AReq processing failed');
    const erro = buildErro({
      errorCode: '403',
      errorDetail: 'ACS',
      errorDescription: 'transient system failure at the ACS; retry later',
      messageVersion: areq.messageVersion,
      errorMessageType: 'AReq',
      ids: areq,
      deviceChannel: areq.deviceChannel,
    });
    deps.metrics.areqOutcomes.inc({ result: 'erro_403' });
    return reply(erro, areq, requestIdHeader);
  }
}

/** From 2.3.1 (Table A.29) the ARes echoes X-Request-ID (= dsTransID) and adds X-Response-ID (= acsTransID). */
function reply(body: object, received: JsonObject | undefined, requestIdHeader: string | undefined): AReqReply {
  const msg = body as Record<string, unknown>;
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (typeof msg.messageVersion === 'string' && versionHas(msg.messageVersion, 'requestIdHeaders')) {
    const requestId = requestIdHeader ?? (typeof received?.dsTransID === 'string' ? received.dsTransID : undefined);
    if (requestId && /^[0-9a-fA-F-]{36}$/.test(requestId)) headers['X-Request-ID'] = requestId;
    if (typeof msg.acsTransID === 'string') headers['X-Response-ID'] = msg.acsTransID;
  }
  return { body, headers };
}

/** Logs a rejected AReq and our Erro (PAN masked) so operators can find what a DS sent. Never throws. */
async function logUnmatched(deps: AppDeps, received: JsonObject | undefined, erro: object): Promise<void> {
  const at = deps.clock.now();
  const ids = received ?? {};
  const idOf = (k: string) => (typeof ids[k] === 'string' ? (ids[k] as string) : null);
  const about = { acsTransID: null, threeDSServerTransID: idOf('threeDSServerTransID'), dsTransID: idOf('dsTransID') };
  try {
    await logMessages(deps.db, deps.keys, [
      { ...about, direction: 'in', messageType: idOf('messageType') ?? 'unknown', body: ids, at },
      { ...about, direction: 'out', messageType: 'Erro', body: { ...erro }, at },
    ]);
  } catch (err) {
    deps.logger.warn({ err }, 'could not log rejected message');
  }
}
