/** Message types an ACS validates against fields.json (PReq/PRes never reach it; OReq/ORes exist from 2.3.1). */
export const MESSAGE_TYPES = ['AReq', 'ARes', 'CReq', 'CRes', 'RReq', 'RRes', 'Erro', 'OReq', 'ORes'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Protocol versions covered by fields.json, lowest first. */
export const SUPPORTED_VERSIONS = ['2.1.0', '2.2.0', '2.3.1'] as const;
export type MessageVersion = (typeof SUPPORTED_VERSIONS)[number];

const messageTypes: ReadonlySet<string> = new Set(MESSAGE_TYPES);
const versions: ReadonlySet<string> = new Set(SUPPORTED_VERSIONS);

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && messageTypes.has(value);
}

export function isMessageVersion(value: unknown): value is MessageVersion {
  return typeof value === 'string' && versions.has(value);
}

/** Numeric order of two versions (negative when a < b). */
export function compareVersions(a: MessageVersion, b: MessageVersion): number {
  return SUPPORTED_VERSIONS.indexOf(a) - SUPPORTED_VERSIONS.indexOf(b);
}

/** The highest of the given versions, or of all supported versions. */
export function highestVersion(among: readonly MessageVersion[] = SUPPORTED_VERSIONS): MessageVersion {
  let best: MessageVersion = among[0] ?? SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]!;
  for (const v of among) if (compareVersions(v, best) > 0) best = v;
  return best;
}

/**
 * What each message version adds, as named capabilities: code asks `versionHas(v, 'requestIdHeaders')`, never
 * `v === '2.3.1'`, so a later version inherits everything before it and a new version is one row here.
 */
const ADDED_IN = {
  '2.1.0': [],
  '2.2.0': [],
  '2.3.1': [
    /** X-Request-ID / X-Response-ID on the AReq/ARes, CReq/CRes (app), RReq/RRes and OReq/ORes (Table A.29). */
    'requestIdHeaders',
    /** The OReq/ORes operational messages (Seq 5.25, Tables B.10, B.11). */
    'operationalMessages',
    /** Erro 207 for a reserved value (Table A.4); earlier versions report it as 203. */
    'reservedValueError207',
    /** Erro 310 for a disallowed JWE algorithm (Table A.4); earlier versions report it as 302. */
    'disallowedAlgorithmError310',
    /** sdkType 02, the split SDK (Table A.1 splitSdkType, §6.2.4.1). */
    'splitSdk',
    /** authenticationMethod, an array of codes, in place of authenticationType (ARes, RReq). */
    'authenticationMethodArray',
    /** acsRenderingType.deviceUserInterfaceMode (ARes, RReq). */
    'deviceUserInterfaceMode',
    /** An app ARes carries deviceInfoRecognisedVersion and threeDSRequestorAppURLInd. */
    'appDeviceInfoRecognised',
    /** The app CRes describes its entry field in challengeEntryBox (earlier: challengeInfoLabel). */
    'challengeEntryBox',
    /** The final CRes has no challengeCompletionInd any more. */
    'noChallengeCompletionInd',
    /** A challengeSelectInfo key is at most 4 characters (fields.json ChallengeSelectOption). */
    'selectOptionKeyMax4',
    /** Secure Payment Confirmation: ARes S with spcTransData and webAuthnCredList, authenticationMethod 14. */
    'securePaymentConfirmation',
  ],
} as const satisfies Record<MessageVersion, readonly string[]>;

export type VersionCapability = (typeof ADDED_IN)[MessageVersion][number];

/** Whether messages of `version` have `capability` (added in that version or an earlier one); false if unknown. */
export function versionHas(version: string, capability: VersionCapability): boolean {
  if (!isMessageVersion(version)) return false;
  return SUPPORTED_VERSIONS.some(
    (v) => compareVersions(v, version) <= 0 && (ADDED_IN[v] as readonly string[]).includes(capability),
  );
}

/** The supported versions that have a capability (e.g. the versions an OReq may use). */
export function versionsWith(capability: VersionCapability): MessageVersion[] {
  return SUPPORTED_VERSIONS.filter((v) => versionHas(v, capability));
}
