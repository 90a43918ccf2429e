import { type JsonObject, parseJsonStrict } from './json.ts';
import { type ValidateOptions, type ValidationFailure, validateMessage, validationFailure } from './validate.ts';
import { highestVersion, isMessageVersion, type MessageVersion } from './versions.ts';

export interface TextValidateOptions extends Omit<ValidateOptions, 'messageVersion' | 'duplicateKeyPath'> {
  /** The transaction's version (CReq, RRes…); left out for an AReq, whose own messageVersion decides. */
  readonly messageVersion?: MessageVersion;
}

export type TextValidationResult =
  | { readonly ok: true; readonly message: JsonObject; readonly messageVersion: MessageVersion }
  /** `message` is the parsed body when there was one, so the Erro can echo its transaction ids. */
  | (ValidationFailure & { readonly message: JsonObject | undefined });

/** Parses a message body and validates it in the order documented on validateMessage. Never throws. */
export function validateMessageText(text: string, opts: TextValidateOptions): TextValidationResult {
  const parsed = parseJsonStrict(text);
  if (!parsed.ok && parsed.kind === 'syntax') {
    return { ...validationFailure('101', 'message is not a JSON object'), message: undefined };
  }
  const message = parsed.value;
  const own = message.messageVersion;
  // Without a usable version of its own, validateMessage stops at 201/102 before any table is read.
  const messageVersion = opts.messageVersion ?? (isMessageVersion(own) ? own : highestVersion(opts.supportedVersions));
  const result = validateMessage(message, {
    ...opts,
    messageVersion,
    duplicateKeyPath: parsed.ok ? undefined : parsed.path,
  });
  return result.ok ? { ok: true, message, messageVersion } : { ...result, message };
}
