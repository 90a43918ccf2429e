import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { JsonObject } from '../../protocol/json.ts';
import { parseAuthenticationResponse } from './webauthn.ts';

/**
 * What an AReq says about Secure Payment Confirmation (EMV 3DS 2.3.1, browser channel; docs/protocol.md
 * "Secure Payment Confirmation"). After an ARes S the 3DS Requestor runs SPC and sends a new AReq that either
 * carries the assertion — threeDSRequestorAuthenticationInfo with threeDSReqAuthMethod 09 (SPC) and the
 * assertion in threeDSReqAuthData, or threeDSRequestorPriorAuthenticationInfo with threeDSReqPriorAuthMethod 05
 * (SPC) and the assertion in threeDSReqPriorAuthData — with threeDSReqPriorRef naming the AReq answered S; or
 * spcIncompInd when SPC did not complete.
 */
export type SpcResult =
  | { kind: 'none' }
  | { kind: 'incomplete'; reason: string }
  | { kind: 'unlinked' }
  | { kind: 'assertion'; priorAcsTransID: string; response: AuthenticationResponseJSON }
  | { kind: 'malformed'; field: string; description: string };

const AUTH_INFO = 'threeDSRequestorAuthenticationInfo';
const PRIOR_INFO = 'threeDSRequestorPriorAuthenticationInfo';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function entries(value: unknown): JsonObject[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((e): e is JsonObject => typeof e === 'object' && e !== null && !Array.isArray(e));
}

/** The assertion as the PublicKeyCredential's JSON: an object, or a string of its JSON text (plain or base64url). */
function assertionOf(data: unknown): AuthenticationResponseJSON | undefined {
  if (typeof data === 'object' && data !== null) return parseAuthenticationResponse(JSON.stringify(data));
  if (typeof data !== 'string') return undefined;
  const text = data.trimStart().startsWith('{') ? data : Buffer.from(data, 'base64url').toString('utf8');
  return parseAuthenticationResponse(text);
}

export function spcResultOf(areq: JsonObject): SpcResult {
  const auth = entries(areq[AUTH_INFO]).findIndex((e) => e.threeDSReqAuthMethod === '09');
  const priors = entries(areq[PRIOR_INFO]);
  const prior = priors.findIndex((e) => e.threeDSReqPriorAuthMethod === '05');
  if (auth < 0 && prior < 0) {
    const incomplete = areq.spcIncompInd;
    return typeof incomplete === 'string' ? { kind: 'incomplete', reason: incomplete } : { kind: 'none' };
  }
  const refEntry = prior >= 0 ? priors[prior] : priors.find((e) => typeof e.threeDSReqPriorRef === 'string');
  const ref = refEntry?.threeDSReqPriorRef;
  // Without a reference the result answers no ARes S of ours: nothing to verify, the ordinary decision applies.
  if (ref === undefined) return { kind: 'unlinked' };
  if (typeof ref !== 'string' || !UUID.test(ref))
    return {
      kind: 'malformed',
      field: `${PRIOR_INFO}.threeDSReqPriorRef`,
      description: 'threeDSReqPriorRef of an SPC result must be the acsTransID (a UUID) of the ARes S',
    };
  const [field, data] =
    auth >= 0
      ? [`${AUTH_INFO}.threeDSReqAuthData`, entries(areq[AUTH_INFO])[auth]?.threeDSReqAuthData]
      : [`${PRIOR_INFO}.threeDSReqPriorAuthData`, priors[prior]?.threeDSReqPriorAuthData];
  const response = assertionOf(data);
  if (!response) return { kind: 'malformed', field, description: 'the SPC assertion is not a PublicKeyCredential' };
  return { kind: 'assertion', priorAcsTransID: ref.toLowerCase(), response };
}
