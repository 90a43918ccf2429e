import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { logMessages } from '../../storage/repositories/message-log.ts';
import { buildErro, erroForFailure } from '../erro.ts';
import { validateMessageText } from '../incoming.ts';
import type { JsonObject } from '../json.ts';
import { ACS_REFERENCE_NUMBER } from '../outgoing.ts';
import { versionsWith } from '../versions.ts';
import { protocolBodyLimit } from './areq.ts';

export const OREQ_PATH = '/3ds/oreq';

/** The OReq exists from 2.3.1 on (Seq 5.25); any other version is Erro 102. */
const OREQ_VERSIONS = versionsWith('operationalMessages');
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface OReqReply {
  body: object;
  headers: Record<string, string>;
}

/**
 * POST /3ds/oreq — an OReq from the DS (EMV 3DS 2.3.1 Seq 5.25, Table B.10): an operational notice in
 * `broadInfo`. We validate it, record it with our ORes for operators, and answer the ORes (Table B.11), or an
 * Erro; HTTP 200 for both, as for the AReq. Headers per Table A.29 (docs/protocol.md).
 */
export function mountOReq(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(OREQ_PATH, protocolBodyLimit(), async (c) => {
    let text: string;
    try {
      text = await c.req.text();
    } catch {
      return c.text('Bad Request', 400);
    }
    const reply = await processOReq(deps, text, c.req.header('x-request-id'));
    for (const [name, value] of Object.entries(reply.headers)) c.header(name, value);
    c.header('Cache-Control', 'no-store');
    return c.json(reply.body, 200);
  });
}

/** Validates and records one OReq text; never throws. */
async function processOReq(deps: AppDeps, text: string, requestIdHeader: string | undefined): Promise<OReqReply> {
  const acsTransID = randomUUID();
  const checked = validateMessageText(text, { messageType: 'OReq', supportedVersions: OREQ_VERSIONS });
  if (!checked.ok) {
    const erro = erroForFailure(checked, checked.message, { acsTransID, supportedVersions: OREQ_VERSIONS });
    await record(deps, checked.message, erro);
    return { body: erro, headers: headers(requestIdHeader, checked.message, acsTransID) };
  }
  const oreq = checked.message;
  const ores = {
    messageType: 'ORes',
    messageVersion: checked.messageVersion,
    dsTransID: String(oreq.dsTransID),
    acsTransID,
    acsReferenceNumber: ACS_REFERENCE_NUMBER,
  };
  if (!(await record(deps, oreq, ores))) {
    // The notice must not be lost: without a record the DS gets 403 and may send it again.
    const erro = buildErro({
      errorCode: '403',
      errorDetail: 'ACS',
      errorDescription: 'transient system failure at the ACS',
      messageVersion: oreq.messageVersion,
      errorMessageType: 'OReq',
      ids: { dsTransID: oreq.dsTransID, acsTransID },
      supportedVersions: OREQ_VERSIONS,
    });
    return { body: erro, headers: headers(requestIdHeader, oreq, acsTransID) };
  }
  deps.logger.info({ dsTransID: ores.dsTransID, broadInfo: oreq.broadInfo }, 'OReq from the DS recorded');
  return { body: ores, headers: headers(requestIdHeader, oreq, acsTransID) };
}

/** Table A.29: X-Request-ID echoes the DS's (or its dsTransID), X-Response-ID is our acsTransID. */
function headers(requestId: string | undefined, oreq: JsonObject | undefined, acsTransID: string) {
  const out: Record<string, string> = { 'X-Response-ID': acsTransID };
  const echoed = requestId ?? (typeof oreq?.dsTransID === 'string' ? oreq.dsTransID : undefined);
  if (echoed !== undefined && UUID.test(echoed)) out['X-Request-ID'] = echoed;
  return out;
}

/** The OReq (as received, or what could be read of it) and our answer, in the message log. */
async function record(
  deps: AppDeps,
  received: JsonObject | undefined,
  answer: { readonly messageType: string },
): Promise<boolean> {
  const at = deps.clock.now();
  const ds = received?.dsTransID;
  const about = { acsTransID: null, threeDSServerTransID: null, dsTransID: typeof ds === 'string' ? ds : null, at };
  try {
    await logMessages(deps.db, deps.keys, [
      { ...about, direction: 'in', messageType: 'OReq', body: received ?? {} },
      { ...about, direction: 'out', messageType: answer.messageType, body: { ...answer } },
    ]);
    return true;
  } catch (err) {
    deps.logger.warn({ err }, 'could not record an OReq');
    return false;
  }
}
