import { compiledMessage } from './compile.ts';
import { isEmpty } from './conditions.ts';
import { enumEntries, versionsOf } from './fields.ts';
import type { JsonObject } from './json.ts';
import { limitedSplitSdkViolation } from './split-sdk.ts';
import {
  isMessageType,
  isMessageVersion,
  MESSAGE_TYPES,
  type MessageType,
  type MessageVersion,
  SUPPORTED_VERSIONS,
  versionHas,
} from './versions.ts';
import { type Findings, formatPass, presenceColumn, structurePass, unrecognisedCritical } from './walk.ts';

/** Error codes message validation can produce (docs/emv-codes.md §5). */
export type ValidationErrorCode = '101' | '102' | '201' | '202' | '203' | '204' | '207' | '304';

export interface ValidationFailure {
  readonly ok: false;
  readonly errorCode: ValidationErrorCode;
  /** docs/emv-codes.md §6: A, the ACS found the problem. */
  readonly errorComponent: 'A';
  readonly errorDescription: string;
  /** Field names, comma-separated, dotted when nested (102: the supported versions). */
  readonly errorDetail: string;
  /** Type of the faulty message, when it is one we know. */
  readonly errorMessageType?: MessageType;
}

export type ValidationResult = { readonly ok: true } | ValidationFailure;

export interface ValidateOptions {
  /** The type this endpoint expects; any other type is error 101. */
  readonly messageType: MessageType;
  /** The table to validate against: the transaction's version (for an AReq, its own). */
  readonly messageVersion: MessageVersion;
  /** AReq fields (deviceChannel, messageCategory, threeDSRequestorDecReqInd…) and our ARes (acsDecConInd). */
  readonly context?: JsonObject;
  /** messageExtension ids this ACS understands; a critical one not listed is error 202. */
  readonly recognisedExtensions?: ReadonlySet<string>;
  /** Reject unknown and not-applicable members. Default: strict for messages the ACS produces. */
  readonly strict?: boolean;
  /** Versions this deployment accepts (default: all in fields.json). */
  readonly supportedVersions?: readonly MessageVersion[];
  /** Dotted name of a repeated JSON member found while parsing (parseJsonStrict). */
  readonly duplicateKeyPath?: string;
}

// Lenient on what we receive (the brief: unknown AReq members are tolerated), strict on what we send.
const PRODUCED_BY_ACS: ReadonlySet<MessageType> = new Set(['ARes', 'CRes', 'RReq', 'ORes']);
const NO_EXTENSIONS: ReadonlySet<string> = new Set();
/** OReq and ORes exist from 2.3.1 on: an earlier version of them is 102, like any unsupported one. */
const VERSIONS_OF: ReadonlyMap<MessageType, readonly MessageVersion[]> = new Map(
  MESSAGE_TYPES.map((t) => [t, versionsOf(t)]),
);
const CHECKED_FOR_SPLIT_SDK: ReadonlySet<MessageType> = new Set(['ARes', 'RReq']);
const VALID: ValidationResult = Object.freeze({ ok: true });

const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(enumEntries('errorCode').map((e) => [e.value, e.meaning]));

export function describeErrorCode(code: string): string {
  return DESCRIPTIONS.get(code) ?? 'error';
}

export function validationFailure(
  errorCode: ValidationErrorCode,
  errorDetail: string,
  messageType?: unknown,
): ValidationFailure {
  const failure = {
    ok: false,
    errorCode,
    errorComponent: 'A',
    errorDescription: describeErrorCode(errorCode),
    errorDetail,
  } as const;
  return isMessageType(messageType) ? { ...failure, errorMessageType: messageType } : failure;
}

/**
 * Validates a parsed message against fields.json and reports the first failing step, in the order an
 * ACS checks (docs/emv-codes.md §5). This function is the one place that order lives:
 *
 *  1. 101  messageType missing, unknown, or not the type this endpoint expects
 *          (a body that is not a JSON object is 101 too, see validateMessageText)
 *  2. 102  messageVersion not supported; 201 when it is missing, since no table applies then
 *  3. 204  repeated JSON member (found by parseJsonStrict) or identical items inside an array
 *  4. 201  required member missing, empty or null, by presenceBy/requiredWhen, at any depth
 *  5. 203  wrong type, length, pattern, format or value; a member that must not be there.
 *          Then 207 (203 before 2.3.1) for a code EMVCo keeps for future use (fields.json emvcoReserved),
 *          then 304 when the only problem is an excluded ISO country/currency code
 *          ARes/RReq naming authenticationMethod 01 or 06 for a limited split SDK (the AReq in
 *          `context`) is 203 too, after the table checks (src/protocol/split-sdk.ts)
 *  6. 202  a critical messageExtension whose id we do not recognise
 *
 * Within one step every offending field is named, comma-separated. Never throws for any JSON input.
 */
export function validateMessage(message: JsonObject, opts: ValidateOptions): ValidationResult {
  const type = message.messageType;
  if (!isMessageType(type) || type !== opts.messageType) return validationFailure('101', 'messageType', type);

  const version = message.messageVersion;
  if (isEmpty(version)) return validationFailure('201', 'messageVersion', type);
  const supported = opts.supportedVersions ?? SUPPORTED_VERSIONS;
  if (!isMessageVersion(version) || !supported.includes(version)) {
    return validationFailure('102', supported.join(','), type);
  }
  const existsIn = VERSIONS_OF.get(type) ?? SUPPORTED_VERSIONS;
  if (!existsIn.includes(version)) return validationFailure('102', existsIn.join(','), type);

  if (opts.duplicateKeyPath !== undefined) return validationFailure('204', opts.duplicateKeyPath, type);

  const table = compiledMessage(type, opts.messageVersion);
  const findings: Findings = {
    repeated: undefined,
    missing: undefined,
    invalid: undefined,
    reserved: undefined,
    badIso: undefined,
  };
  const walk = {
    root: message,
    context: opts.context,
    column: presenceColumn(message, opts.context),
    strict: opts.strict ?? PRODUCED_BY_ACS.has(type),
    findings,
  };
  structurePass(table, message, walk);
  if (findings.repeated !== undefined) return validationFailure('204', findings.repeated.join(','), type);
  if (findings.missing !== undefined) return validationFailure('201', findings.missing.join(','), type);

  formatPass(table, message, walk);
  if (findings.invalid !== undefined) return validationFailure('203', findings.invalid.join(','), type);
  if (findings.reserved !== undefined) {
    // Table A.4: 207 exists from 2.3.1 on; earlier versions report a reserved code as 203.
    return validationFailure(
      versionHas(opts.messageVersion, 'reservedValueError207') ? '207' : '203',
      findings.reserved.join(','),
      type,
    );
  }
  if (findings.badIso !== undefined) return validationFailure('304', findings.badIso.join(','), type);
  if (CHECKED_FOR_SPLIT_SDK.has(type)) {
    const forbidden = limitedSplitSdkViolation(message, opts.context);
    if (forbidden !== undefined) return validationFailure('203', forbidden, type);
  }

  const critical = unrecognisedCritical(message, opts.recognisedExtensions ?? NO_EXTENSIONS);
  if (critical !== undefined) return validationFailure('202', critical.join(','), type);
  return VALID;
}
