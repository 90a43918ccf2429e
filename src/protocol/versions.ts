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
