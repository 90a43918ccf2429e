import { fieldSpec, fieldValues } from './fields.ts';
import { formatCheck, truncate } from './formats.ts';
import { isJsonObject, type JsonObject } from './json.ts';
import { describeErrorCode, type ValidationFailure } from './validate.ts';
import { highestVersion, isMessageVersion, type MessageVersion, SUPPORTED_VERSIONS } from './versions.ts';

/** Every errorCode in fields.json (docs/emv-codes.md §5); which ones a version knows comes from the Erro table. */
export const ERROR_CODES = [
  ...['101', '102', '103', '201', '202', '203', '204', '205', '206', '207'],
  ...['301', '302', '303', '304', '305', '306', '307', '308', '309', '310', '311', '312', '313', '314', '315'],
  ...['402', '403', '404', '405'],
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorComponent = 'C' | 'S' | 'D' | 'A';

export interface TransactionIds {
  readonly threeDSServerTransID?: unknown;
  readonly acsTransID?: unknown;
  readonly dsTransID?: unknown;
  readonly sdkTransID?: unknown;
}

export interface ErroInput {
  readonly errorCode: ErrorCode;
  readonly errorDetail: string;
  /** Defaults to the meaning of the code. */
  readonly errorDescription?: string;
  /** Defaults to A: the ACS found the problem (docs/emv-codes.md §6). */
  readonly errorComponent?: ErrorComponent;
  /** messageVersion of the faulty message, as received (any value). */
  readonly messageVersion: unknown;
  /** messageType of the faulty message, as received; left out unless the Erro table lists it. */
  readonly errorMessageType?: unknown;
  /** Ids as received or known; each is echoed exactly when it is a UUID, otherwise left out. */
  readonly ids?: TransactionIds;
  /** The AReq's deviceChannel: sdkTransID belongs in an Erro only for APP (02/03 leave it out). */
  readonly deviceChannel?: unknown;
  readonly supportedVersions?: readonly MessageVersion[];
}

export interface ErroMessage {
  readonly messageType: 'Erro';
  readonly messageVersion: MessageVersion;
  readonly threeDSServerTransID?: string;
  readonly acsTransID?: string;
  readonly dsTransID?: string;
  readonly sdkTransID?: string;
  readonly errorCode: ErrorCode;
  readonly errorComponent: ErrorComponent;
  readonly errorDescription: string;
  readonly errorDetail: string;
  readonly errorMessageType?: string;
}

const isUuid = formatCheck('uuid');

function uuidOrNothing(value: unknown): string | undefined {
  return typeof value === 'string' && isUuid(value) === 'ok' ? value : undefined;
}

function maxLength(version: MessageVersion, name: string): number {
  return fieldSpec('Erro', version, name)?.maxLength ?? Number.POSITIVE_INFINITY;
}

/** docs/emv-codes.md §4: before 2.3.1 an unknown reserved value (207) is reported as 203. */
function codeFor(version: MessageVersion, code: ErrorCode): ErrorCode {
  const known = fieldValues('Erro', version, 'errorCode') ?? [];
  if (known.includes(code)) return code;
  if (code === '207') return '203';
  throw new RangeError(`errorCode ${code} does not exist in EMV 3DS ${version}`);
}

function text(value: string | undefined, fallback: string, max: number): string {
  const trimmed = value?.trim() ?? '';
  return truncate(trimmed === '' ? fallback : trimmed, max);
}

/**
 * Builds an Erro (docs/emv-codes.md §5 "Erro rules"). The version is the received one when we support it,
 * otherwise our highest: an unsupported number has no table we could fill, and the peer that sent
 * it is the newest kind. Never emits empty strings or undefined members. Throws RangeError only for
 * a code the version does not define (a programming error, e.g. 314 in a 2.2.0 transaction).
 */
export function buildErro(input: ErroInput): ErroMessage {
  const supported = input.supportedVersions ?? SUPPORTED_VERSIONS;
  const received = input.messageVersion;
  const version = isMessageVersion(received) && supported.includes(received) ? received : highestVersion(supported);
  const errorCode = codeFor(version, input.errorCode);
  const errorDescription = text(
    input.errorDescription,
    describeErrorCode(errorCode),
    maxLength(version, 'errorDescription'),
  );
  const errorDetail = text(input.errorDetail, errorDescription, maxLength(version, 'errorDetail'));
  const types = fieldValues('Erro', version, 'errorMessageType') ?? [];
  const errorMessageType = types.find((t) => t === input.errorMessageType);
  const ids = input.ids ?? {};
  const threeDSServerTransID = uuidOrNothing(ids.threeDSServerTransID);
  const acsTransID = uuidOrNothing(ids.acsTransID);
  const dsTransID = uuidOrNothing(ids.dsTransID);
  const browserOr3ri = input.deviceChannel === '02' || input.deviceChannel === '03';
  const sdkTransID = browserOr3ri ? undefined : uuidOrNothing(ids.sdkTransID);
  return {
    messageType: 'Erro',
    messageVersion: version,
    ...(threeDSServerTransID && { threeDSServerTransID }),
    ...(acsTransID && { acsTransID }),
    ...(dsTransID && { dsTransID }),
    ...(sdkTransID && { sdkTransID }),
    errorCode,
    errorComponent: input.errorComponent ?? 'A',
    errorDescription,
    errorDetail,
    ...(typeof errorMessageType === 'string' && { errorMessageType }),
  };
}

/**
 * The Erro answering a message that failed validation: echoes the received version and ids,
 * adds our own acsTransID when we have one.
 */
export function erroForFailure(
  failure: ValidationFailure,
  received: JsonObject | undefined,
  known: {
    readonly acsTransID?: string;
    readonly deviceChannel?: unknown;
    readonly supportedVersions?: readonly MessageVersion[];
  } = {},
): ErroMessage {
  const m = isJsonObject(received) ? received : {};
  return buildErro({
    errorCode: failure.errorCode,
    errorDescription: failure.errorDescription,
    errorDetail: failure.errorDetail,
    messageVersion: m.messageVersion,
    errorMessageType: failure.errorMessageType ?? m.messageType,
    ids: {
      threeDSServerTransID: m.threeDSServerTransID,
      dsTransID: m.dsTransID,
      sdkTransID: m.sdkTransID,
      acsTransID: known.acsTransID ?? m.acsTransID,
    },
    deviceChannel: known.deviceChannel ?? m.deviceChannel,
    ...(known.supportedVersions && { supportedVersions: known.supportedVersions }),
  });
}
