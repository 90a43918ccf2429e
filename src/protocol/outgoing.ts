import type { Decision } from '../core/decision.ts';
import type { AuthenticationMethod } from '../core/transaction-state.ts';
import { type MessageVersion, versionHas } from './versions.ts';

/**
 * Builders for the messages the ACS sends. They leave a member out rather than send it empty
 * (fields.json meta.emptyValues: an empty string counts as missing or invalid).
 */
export const ACS_REFERENCE_NUMBER = 'NINSHO-ACS-00000001';

export type OutgoingMessage = Record<string, string | string[] | Record<string, string>>;
type Msg = OutgoingMessage;

function defined(entries: Record<string, string | string[] | undefined>): Msg {
  const out: Msg = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/**
 * acsRenderingType of our app challenge (ARes and RReq): the native UI with the text template. 2.3.1 adds the
 * interface mode; our two short text screens are laid out for a phone held upright (01 portrait).
 */
export function appRenderingType(version: MessageVersion): Record<string, string> {
  const native = { acsInterface: '01', acsUiTemplate: '01' };
  return versionHas(version, 'deviceUserInterfaceMode') ? { ...native, deviceUserInterfaceMode: '01' } : native;
}

/** What an app-channel (deviceChannel 01) ARes adds. */
export interface AppAResParts {
  /** 2.3.1, every app ARes: the device-information version we recognised in the AReq's deviceInfo. */
  deviceInfoRecognisedVersion: string;
  /** With a challenge: the JWS over acsURL and both ephemeral keys (EMV 3DS §6.2.3.2). */
  acsSignedContent?: string;
}

/** authenticationType (≤2.2.0) / authenticationMethod, an array of codes in 2.3.1, for an SMS one-time code. */
function smsOtpMethod(version: MessageVersion): Msg {
  return methodCodes(version, 'sms_otp');
}

/**
 * What proved the member, per version (docs/emv-codes.md §8, docs/passkeys.md): 2.3.1 has WebAuthn (13);
 * 2.1.0 and 2.2.0 have no such code, and a passkey's signature over our one-time challenge is "dynamic" (02).
 */
function methodCodes(version: MessageVersion, method: AuthenticationMethod): Msg {
  if (!versionHas(version, 'authenticationMethodArray')) return { authenticationType: '02' };
  return { authenticationMethod: [method === 'webauthn' ? '13' : '02'] };
}

/** transStatusReason 22+ does not exist in 2.1.0 (docs/emv-codes.md §4); 12 is the nearest it has. */
function reasonForVersion(reason: string, version: MessageVersion): string {
  return version === '2.1.0' && Number(reason) >= 22 ? '12' : reason;
}

export interface AResInput {
  version: MessageVersion;
  areq: Record<string, unknown>;
  acsTransID: string;
  decision: Decision;
  acsURL: string;
  /** For attempts (A): the attempts CAVV; for frictionless (Y): the authenticated CAVV. */
  authenticationValue?: string;
  /** App channel only. */
  app?: AppAResParts;
}

export function buildARes(input: AResInput): Msg {
  const { areq, version, decision } = input;
  const str = (k: string) => (typeof areq[k] === 'string' ? (areq[k] as string) : undefined);
  const base = defined({
    messageType: 'ARes',
    messageVersion: version,
    threeDSServerTransID: str('threeDSServerTransID'),
    acsTransID: input.acsTransID,
    dsTransID: str('dsTransID'),
    dsReferenceNumber: str('dsReferenceNumber'),
    acsReferenceNumber: ACS_REFERENCE_NUMBER,
    sdkTransID: str('deviceChannel') === '01' ? str('sdkTransID') : undefined,
    // 2.3.1 app ARes: threeDSRequestorAppURLInd N, our native screens never switch to another app.
    ...(str('deviceChannel') === '01' && versionHas(version, 'appDeviceInfoRecognised')
      ? { deviceInfoRecognisedVersion: input.app?.deviceInfoRecognisedVersion, threeDSRequestorAppURLInd: 'N' }
      : {}),
  });
  switch (decision.kind) {
    case 'challenge': {
      const challenge = { ...base, transStatus: 'C', acsChallengeMandated: 'Y', ...smsOtpMethod(version) };
      if (str('deviceChannel') !== '01') return { ...challenge, acsURL: input.acsURL };
      const acsSignedContent = input.app?.acsSignedContent;
      if (!acsSignedContent) throw new Error('an app challenge needs acsSignedContent');
      return { ...challenge, acsRenderingType: appRenderingType(version), acsSignedContent };
    }
    case 'frictionless':
      // No challenge, so no authenticationType/authenticationMethod (required with C or D only).
      return defined({ ...base, transStatus: 'Y', eci: '05', authenticationValue: input.authenticationValue });
    case 'attempts':
      return defined({ ...base, transStatus: 'A', eci: '06', authenticationValue: input.authenticationValue });
    case 'reject': {
      const outcome = aresOutcome(decision, version);
      return { ...base, transStatus: outcome.transStatus, transStatusReason: outcome.transStatusReason!, eci: '07' };
    }
  }
}

export interface ResultInput {
  version: MessageVersion;
  /** The AReq's deviceChannel: an app RReq names the SDK transaction and the UI shown. */
  deviceChannel?: string;
  sdkTransID?: string | null;
  threeDSServerTransID: string;
  acsTransID: string;
  dsTransID: string | null;
  messageCategory: string;
  transStatus: string;
  transStatusReason?: string | null;
  challengeCancel?: string | null;
  eci?: string | null;
  authenticationValue?: string | null;
  interactionCounter: number;
  /** What proved the member (default: the SMS code). */
  method?: AuthenticationMethod;
}

/** RReq after a challenge (EMV 3DS 2.2 §5.9.x; field rules in fields.json RReq). */
export function buildRReq(r: ResultInput): Msg {
  const authenticated = r.transStatus === 'Y' || r.transStatus === 'N';
  const app = r.deviceChannel === '01';
  const message = defined({
    messageType: 'RReq',
    messageVersion: r.version,
    threeDSServerTransID: r.threeDSServerTransID,
    acsTransID: r.acsTransID,
    dsTransID: r.dsTransID ?? undefined,
    messageCategory: r.messageCategory,
    transStatus: r.transStatus,
    transStatusReason: r.transStatusReason ? reasonForVersion(r.transStatusReason, r.version) : undefined,
    challengeCancel: r.challengeCancel ?? undefined,
    eci: r.eci ?? undefined,
    authenticationValue: r.authenticationValue ?? undefined,
    interactionCounter: String(Math.min(99, Math.max(1, r.interactionCounter))).padStart(2, '0'),
    ...(authenticated ? methodCodes(r.version, r.method ?? 'sms_otp') : {}),
    // The 2.1.0 RReq has no sdkTransID (fields.json); 2.2.0 and 2.3.1 require it for the app.
    sdkTransID: app && r.version !== '2.1.0' ? (r.sdkTransID ?? undefined) : undefined,
  });
  return app ? { ...message, acsRenderingType: appRenderingType(r.version) } : message;
}

/**
 * The final browser CRes (only Y or N can appear there: docs/emv-codes.md §3). 2.1.0 and 2.2.0 list
 * challengeCompletionInd for the app only, but most ACSs also send Y in the browser's final CRes and some
 * 3DS Server libraries read it (fields.json keeps it optional for BRW there). In 2.3.1 it
 * is app-only (Table A.1 of 2.3.1), so the browser CRes leaves it out.
 */
export function buildFinalCRes(
  r: Pick<ResultInput, 'version' | 'threeDSServerTransID' | 'acsTransID' | 'transStatus'>,
): Msg {
  return {
    messageType: 'CRes',
    messageVersion: r.version,
    threeDSServerTransID: r.threeDSServerTransID,
    acsTransID: r.acsTransID,
    ...(versionHas(r.version, 'noChallengeCompletionInd') ? {} : { challengeCompletionInd: 'Y' }),
    transStatus: r.transStatus === 'Y' ? 'Y' : 'N',
  };
}

/** transStatus / transStatusReason / eci an ARes carries for a decision (also stored on the transaction). */
export function aresOutcome(decision: Decision, version: MessageVersion) {
  switch (decision.kind) {
    case 'challenge':
      return { transStatus: 'C', transStatusReason: null, eci: null };
    case 'frictionless':
      return { transStatus: 'Y', transStatusReason: null, eci: '05' };
    case 'attempts':
      return { transStatus: 'A', transStatusReason: null, eci: '06' };
    case 'reject':
      return {
        transStatus: decision.transStatus,
        transStatusReason: reasonForVersion(decision.reason, version),
        eci: '07',
      };
  }
}
