export type JsonObject = Record<string, unknown>;

export type JsonParseResult =
  | { readonly ok: true; readonly value: JsonObject }
  | { readonly ok: false; readonly kind: 'syntax' }
  /** `value` is what JSON.parse made of the text (last duplicate wins), so callers can still read ids. */
  | { readonly ok: false; readonly kind: 'duplicate'; readonly path: string; readonly value: JsonObject };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * Parses a JSON object and reports duplicate member names at any depth (docs/emv-codes.md §5, error 204),
 * which JSON.parse silently collapses. Never throws.
 *
 * Fast path: JSON.parse validates the syntax; every ':' outside strings in valid JSON separates one
 * member, so the text has duplicates exactly when it has more colons than the parsed tree has members.
 * Only then is the text scanned again to name the duplicate.
 */
export function parseJsonStrict(text: string): JsonParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'syntax' };
  }
  if (!isJsonObject(value)) return { ok: false, kind: 'syntax' };
  if (countColons(text) === countMembers(value)) return { ok: true, value };
  const path = findDuplicateKey(text);
  return path === undefined ? { ok: true, value } : { ok: false, kind: 'duplicate', path, value };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Index of the closing quote of the string that opens at `start` (text is valid JSON). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

function countColons(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i);
    else if (c === COLON) count++;
  }
  return count;
}

/** Members of every object in the tree; iterative because JSON.parse accepts any depth. */
function countMembers(root: JsonObject): number {
  let count = 0;
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    if (!isJsonObject(node)) continue;
    for (const key in node) {
      count++;
      const child = node[key];
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return count;
}

interface Frame {
  /** Member names seen so far; undefined for arrays. */
  readonly keys: Set<string> | undefined;
  /** Name of the member this container is the value of (undefined inside arrays and at the top). */
  readonly name: string | undefined;
}

/** Dotted path of the first repeated member name, e.g. "browserInfo.x"; array positions are not named. */
function findDuplicateKey(text: string): string | undefined {
  const frames: Frame[] = [];
  let expectKey = false;
  let lastKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = frames[frames.length - 1];
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (expectKey && top?.keys !== undefined) {
        const key = decodeKey(text.slice(i + 1, end));
        if (top.keys.has(key)) return pathOf(frames, key);
        top.keys.add(key);
        lastKey = key;
        expectKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const name = top?.keys !== undefined ? lastKey : undefined;
      frames.push({ keys: c === OPEN_OBJECT ? new Set() : undefined, name });
      expectKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      frames.pop();
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = top?.keys !== undefined;
    }
  }
  return undefined;
}

function decodeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  const decoded: unknown = JSON.parse(`"${raw}"`);
  return typeof decoded === 'string' ? decoded : raw;
}

function pathOf(frames: readonly Frame[], key: string): string {
  const names: string[] = [];
  for (const f of frames) if (f.name !== undefined) names.push(f.name);
  names.push(key);
  return names.join('.');
}
