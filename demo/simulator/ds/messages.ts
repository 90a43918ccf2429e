import { buildErro, type ErroMessage, type ErrorCode } from '../../../src/protocol/erro.ts';
import type { JsonObject } from '../../../src/protocol/json.ts';
import { stringField } from '../encoding.ts';

/** Obviously not an EMVCo-assigned reference: this DS is a simulator. */
export const DS_REFERENCE_NUMBER = 'NINSHO-DS-SIMULATOR';

/**
 * What a DS adds to the AReq before it reaches the ACS (docs/emv-codes.md §1: dsTransID, dsReferenceNumber, dsURL).
 * Browser flows only: an APP AReq would also need its sdkEncData turned into deviceInfo.
 */
export function enrichAReq(areq: JsonObject, added: { dsTransID: string; dsURL: string }): JsonObject {
  return { ...areq, dsTransID: added.dsTransID, dsReferenceNumber: DS_REFERENCE_NUMBER, dsURL: added.dsURL };
}

/** RRes for an RReq (docs/emv-codes.md §15 resultsStatus: 01 = received and will be processed). */
export function buildRRes(rreq: JsonObject, resultsStatus = '01'): JsonObject {
  const sdkTransID = stringField(rreq, 'sdkTransID');
  return {
    messageType: 'RRes',
    messageVersion: stringField(rreq, 'messageVersion') ?? '2.2.0',
    threeDSServerTransID: stringField(rreq, 'threeDSServerTransID') ?? '',
    acsTransID: stringField(rreq, 'acsTransID') ?? '',
    dsTransID: stringField(rreq, 'dsTransID') ?? '',
    ...(sdkTransID && { sdkTransID }),
    resultsStatus,
  };
}

/** An Erro raised by a simulated party (docs/emv-codes.md §6: D for the DS, S for the 3DS Server). */
export function simulatorErro(
  component: 'D' | 'S',
  errorCode: ErrorCode,
  errorDetail: string,
  received: JsonObject | undefined,
  errorDescription?: string,
): ErroMessage {
  return buildErro({
    errorCode,
    errorDetail,
    ...(errorDescription && { errorDescription }),
    errorComponent: component,
    messageVersion: received?.messageVersion,
    errorMessageType: received?.messageType,
    ids: received ?? {},
    deviceChannel: received?.deviceChannel,
  });
}

/**
 * 2.3.1 headers on the DS's answer to the ACS (docs/emv-codes.md §1): the RRes carries X-Request-ID = the RReq's
 * (acsTransID) and X-Response-ID = dsTransID. Earlier versions use no such headers.
 */
export function rresHeaders(
  version: unknown,
  requestId: string | undefined,
  rreq: JsonObject | undefined,
): Record<string, string> {
  if (version !== '2.3.1') return {};
  const headers: Record<string, string> = {};
  const echoed = requestId ?? stringField(rreq, 'acsTransID');
  if (echoed && /^[0-9a-fA-F-]{36}$/.test(echoed)) headers['X-Request-ID'] = echoed;
  const dsTransID = stringField(rreq, 'dsTransID');
  if (dsTransID) headers['X-Response-ID'] = dsTransID;
  return headers;
}
