import { type CompiledObject, UNKNOWN_COLUMN } from './compile.ts';
import { isEmpty } from './conditions.ts';
import { isJsonObject, type JsonObject } from './json.ts';

/** Dotted names per problem, in message order; lists stay undefined while clean (no allocation). */
export interface Findings {
  repeated: string[] | undefined;
  missing: string[] | undefined;
  invalid: string[] | undefined;
  /** EMVCo-reserved codes (error 207 in 2.3.1). */
  reserved: string[] | undefined;
  badIso: string[] | undefined;
}

export interface Walk {
  readonly root: JsonObject;
  readonly context: JsonObject | undefined;
  /** Index into CompiledField.presence (PRESENCE_COLUMNS, or UNKNOWN_COLUMN). */
  readonly column: number;
  /** Reject unknown and not-applicable members instead of ignoring them. */
  readonly strict: boolean;
  readonly findings: Findings;
}

const CHANNELS: Readonly<Record<string, number>> = { '01': 0, '02': 1, '03': 2 };
const CATEGORIES: Readonly<Record<string, number>> = { '01': 0, '02': 1 };

/** fields.json meta.presenceBy: responses use the AReq's channel and category (from the context). */
export function presenceColumn(message: JsonObject, context: JsonObject | undefined): number {
  const channel = message.deviceChannel ?? context?.deviceChannel;
  const category = message.messageCategory ?? context?.messageCategory;
  if (typeof channel !== 'string' || typeof category !== 'string') return UNKNOWN_COLUMN;
  const c = Object.hasOwn(CHANNELS, channel) ? CHANNELS[channel] : undefined;
  const k = Object.hasOwn(CATEGORIES, category) ? CATEGORIES[category] : undefined;
  return c === undefined || k === undefined ? UNKNOWN_COLUMN : c * 2 + k;
}

function note(list: string[] | undefined, path: string): string[] {
  if (list === undefined) return [path];
  if (!list.includes(path)) list.push(path);
  return list;
}

/** docs/emv-codes.md §5, error 204: identical items inside an array. */
function hasRepeatedItem(items: readonly unknown[]): boolean {
  if (items.length < 2) return false;
  const primitives = new Set<unknown>();
  const texts = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'object' || item === null) {
      if (primitives.has(item)) return true;
      primitives.add(item);
      continue;
    }
    let text: string;
    try {
      text = JSON.stringify(item);
    } catch {
      continue;
    }
    if (texts.has(text)) return true;
    texts.add(text);
  }
  return false;
}

/** Pass 1: repeated array items (204) and missing required members (201), at every depth. */
export function structurePass(table: CompiledObject, obj: JsonObject, w: Walk): void {
  const col = w.column;
  for (const f of table.mayBeRequired[col] ?? []) {
    if (!isEmpty(obj[f.name])) continue;
    if (f.presence[col] === 'R' || f.requiredWhen?.(obj, w.root, w.context) === true) {
      w.findings.missing = note(w.findings.missing, f.path);
    }
  }
  for (const f of table.containers) {
    const v = obj[f.name];
    const rule = f.presence[col];
    if (v === undefined || rule === '-' || rule === 'X') continue;
    if (Array.isArray(v)) {
      if (hasRepeatedItem(v)) w.findings.repeated = note(w.findings.repeated, f.path);
      if (f.nested !== undefined) for (const item of v) if (isJsonObject(item)) structurePass(f.nested, item, w);
    } else if (f.nested !== undefined && isJsonObject(v)) {
      structurePass(f.nested, v, w);
    }
  }
}

/** Pass 2: every member present, checked against its row (203), excluded ISO codes (304). */
export function formatPass(table: CompiledObject, obj: JsonObject, w: Walk): void {
  const col = w.column;
  const found = w.findings;
  for (const key in obj) {
    const f = table.fields.get(key);
    if (f === undefined) {
      if (w.strict) found.invalid = note(found.invalid, table.path === '' ? key : `${table.path}.${key}`);
      continue;
    }
    const rule = f.presence[col];
    if (rule === '-' && !w.strict) continue;
    const v = obj[key];
    // Empty here means "not required" (pass 1 ran first), so it is an invalid value: fields.json meta.emptyValues.
    if (rule === 'X' || rule === '-' || isEmpty(v)) {
      found.invalid = note(found.invalid, f.path);
      continue;
    }
    const verdict = f.check(v);
    if (verdict === 'invalid') {
      found.invalid = note(found.invalid, f.path);
      continue;
    }
    if (verdict === 'iso') found.badIso = note(found.badIso, f.path);
    else if (verdict === 'reserved') found.reserved = note(found.reserved, f.path);
    if (f.nested === undefined) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (isJsonObject(item)) formatPass(f.nested, item, w);
    } else if (isJsonObject(v)) {
      formatPass(f.nested, v, w);
    }
  }
}

/** Pass 3: ids of critical extensions we do not recognise (docs/emv-codes.md §5, error 202). */
export function unrecognisedCritical(message: JsonObject, recognised: ReadonlySet<string>): string[] | undefined {
  const list = message.messageExtension;
  if (!Array.isArray(list)) return undefined;
  let ids: string[] | undefined;
  for (const ext of list) {
    if (!isJsonObject(ext) || ext.criticalityIndicator !== true) continue;
    // Pass 2 has checked ids wherever the field applies; elsewhere name the member instead.
    const id = typeof ext.id === 'string' ? ext.id : 'messageExtension.id';
    if (!recognised.has(id)) ids = note(ids, id);
  }
  return ids;
}
