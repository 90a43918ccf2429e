import type { KeyObject } from 'node:crypto';
import { agreeSessionKey, type EcPublicJwk, readSdkEphemPubKey } from '../../infra/crypto/app-session.ts';
import type { AcsSigner } from '../../infra/crypto/signing-identity.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import type { AppAResParts } from '../outgoing.ts';

/**
 * The app channel's side of the AReq → ARes exchange (deviceChannel 01): the SDK's key and rendering
 * abilities read from the AReq, and, for a challenge, the key agreement and the signed content.
 */

export type AppAReqCheck = { ok: true; sdkKey: KeyObject; sdkJwk: EcPublicJwk } | { ok: false; errorDetail: string };

/** An app AReq whose sdkEphemPubKey is no usable P-256 key is answered Erro 203 naming it. */
export function checkAppAReq(areq: JsonObject): AppAReqCheck {
  const sdk = readSdkEphemPubKey(areq.sdkEphemPubKey);
  return sdk ? { ok: true, sdkKey: sdk.key, sdkJwk: sdk.jwk } : { ok: false, errorDetail: 'sdkEphemPubKey' };
}

/** Our challenge is the native text UI: the SDK must offer native rendering (01 or 03) and the text type (01). */
export function sdkDrawsNativeText(areq: JsonObject): boolean {
  const options = areq.deviceRenderOptions;
  if (!isJsonObject(options)) return false;
  const uiTypes = Array.isArray(options.sdkUiType) ? options.sdkUiType : [];
  return (options.sdkInterface === '01' || options.sdkInterface === '03') && uiTypes.includes('01');
}

export interface DeviceFacts {
  /** `DV` of the SDK's device information, e.g. "1.4". */
  version: string | undefined;
  /** Common parameter C005, the device locale, e.g. "ja-JP". */
  locale: string | undefined;
}

/** What we read from deviceInfo (base64url JSON from the SDK, EMV 3DS SDK Device Information). Never throws. */
export function deviceFacts(areq: JsonObject): DeviceFacts {
  const none: DeviceFacts = { version: undefined, locale: undefined };
  if (typeof areq.deviceInfo !== 'string' || areq.deviceInfo.length > 64_000) return none;
  try {
    const info: unknown = JSON.parse(Buffer.from(areq.deviceInfo, 'base64url').toString('utf8'));
    if (!isJsonObject(info)) return none;
    const data = isJsonObject(info.DD) ? info.DD : {};
    return {
      version: typeof info.DV === 'string' && /^\d{1,2}\.\d{1,2}(\.\d{1,2})?$/.test(info.DV) ? info.DV : undefined,
      locale: typeof data.C005 === 'string' ? data.C005.slice(0, 35) : undefined,
    };
  } catch {
    return none;
  }
}

/** Japanese unless the device says English (an English locale such as en-US or en_GB). */
export function appLanguage(locale: string | undefined): 'ja' | 'en' {
  return locale && /^en([-_]|$)/i.test(locale) ? 'en' : 'ja';
}

/**
 * 2.3.1 deviceInfoRecognisedVersion: the DV the SDK sent when it is a version number; without usable device
 * information, 1.0 (we use none of its parameters for the decision).
 */
export function recognisedDeviceInfoVersion(facts: DeviceFacts): string {
  return facts.version ?? '1.0';
}

export interface AppChallengeSetup {
  ares: AppAResParts;
  /** 32 bytes, to be stored encrypted with the transaction. */
  sessionKey: Buffer;
}

/**
 * A new ACS ephemeral key, the session key agreed with the SDK's key (PartyVInfo = sdkReferenceNumber), and
 * acsSignedContent: a JWS whose payload carries acsURL and both ephemeral public keys (EMV 3DS §6.2.3.2).
 */
export async function setUpAppChallenge(
  signing: AcsSigner,
  sdk: { key: KeyObject; jwk: EcPublicJwk },
  sdkReferenceNumber: string,
  acsURL: string,
  facts: DeviceFacts,
): Promise<AppChallengeSetup> {
  const { acsEphemPubKey, sessionKey } = agreeSessionKey(sdk.key, sdkReferenceNumber);
  const acsSignedContent = await signing.sign({ acsURL, acsEphemPubKey, sdkEphemPubKey: sdk.jwk });
  return {
    ares: { deviceInfoRecognisedVersion: recognisedDeviceInfoVersion(facts), acsSignedContent },
    sessionKey,
  };
}
