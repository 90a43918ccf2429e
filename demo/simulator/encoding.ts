import { isJsonObject, type JsonObject } from '../../src/protocol/json.ts';

/** base64url without padding (docs/emv-codes.md §13: creq / cres / threeDSMethodData carry no `=`). */
export function encodeBase64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes base64url (padded or not) JSON into an object; anything else is undefined. */
export function decodeBase64urlJson(text: string | undefined): JsonObject | undefined {
  if (!text || !/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text.replace(/=+$/, ''), 'base64url').toString('utf8'));
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function stringField(message: JsonObject | undefined, name: string): string | undefined {
  const value = message?.[name];
  return typeof value === 'string' ? value : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
