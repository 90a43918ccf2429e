import { type Condition, compileCondition } from './conditions.ts';
import { type FieldSpec, messageTable, objectTable, PRESENCE_COLUMNS, type Presence } from './fields.ts';
import type { Verdict } from './formats.ts';
import { isJsonObject } from './json.ts';
import { jsonTextWithin, stringCheck } from './value-checks.ts';
import { MESSAGE_TYPES, type MessageType, type MessageVersion, SUPPORTED_VERSIONS, versionHas } from './versions.ts';

/** 'X': must not reach the ACS (AReq atAcs "absent", e.g. sdkEncData that the DS removes). */
export type PresenceRule = Presence | 'X';

/** Index into CompiledField.presence when deviceChannel/messageCategory is unknown or DS-specific. */
export const UNKNOWN_COLUMN = PRESENCE_COLUMNS.length;

export interface CompiledField {
  readonly name: string;
  /** Dotted name used in errorDetail (docs/emv-codes.md §5: `parent.child` for nested). */
  readonly path: string;
  /** Presence per PRESENCE_COLUMNS index, then UNKNOWN_COLUMN. */
  readonly presence: readonly PresenceRule[];
  readonly requiredWhen: Condition | undefined;
  /** Type, length, pattern, format and value-list checks of a non-empty value. */
  readonly check: (value: unknown) => Verdict;
  /** Member table of the object, or of each item of an array of objects. */
  readonly nested: CompiledObject | undefined;
  readonly isArray: boolean;
}

export interface CompiledObject {
  readonly path: string;
  readonly fields: ReadonlyMap<string, CompiledField>;
  /** Per column: the fields that are required there, outright or by requiredWhen. */
  readonly mayBeRequired: readonly (readonly CompiledField[])[];
  /** Objects and arrays, walked for nested members and repeated items. */
  readonly containers: readonly CompiledField[];
}

/** Without a known channel/category only a field required in every column is required outright. */
function unknownColumnRule(rules: readonly Presence[]): Presence {
  const first = rules[0] ?? 'O';
  if (rules.every((r) => r === first)) return first;
  return rules.some((r) => r === 'R' || r === 'C') ? 'C' : 'O';
}

function presenceRules(spec: FieldSpec, atAcs: boolean): PresenceRule[] {
  const by = spec.presenceBy;
  let rules: Presence[] = PRESENCE_COLUMNS.map((c) => (by === undefined ? spec.presence : by[c]));
  if (atAcs && spec.atAcs === 'absent') return [...rules, 'O'].map(() => 'X');
  // fields.json meta.atAcs: the DS always adds these before the AReq reaches the ACS.
  if (atAcs && spec.atAcs === 'R') rules = rules.map((r) => (r === '-' ? '-' : 'R'));
  return [...rules, unknownColumnRule(rules)];
}

interface CompileScope {
  readonly version: MessageVersion;
  readonly atAcs: boolean;
}

type Member =
  | { readonly kind: 'table'; readonly table: CompiledObject }
  | { readonly kind: 'check'; readonly check: (v: unknown) => boolean };

/** How the members of a nested object are checked: a table, a free-form object, or one key → text. */
function memberRule(spec: FieldSpec, path: string, scope: CompileScope): Member | undefined {
  if (spec.object === undefined) return undefined;
  const table = objectTable(spec.object, scope.version);
  if (table === undefined) throw new Error(`fields.json: object ${spec.object} missing for ${scope.version}`);
  const only = table.length === 1 ? table[0] : undefined;
  if (only?.name === '*') return { kind: 'check', check: () => true };
  if (only?.name === '<key>') {
    // fields.json ChallengeSelectOption note: one member per item; 2.3.1 limits the key to 4 characters.
    const keyMax = versionHas(scope.version, 'selectOptionKeyMax4') ? 4 : Number.POSITIVE_INFINITY;
    const text = stringCheck({ ...only, minLength: 1 });
    return {
      kind: 'check',
      check: (item) => {
        if (!isJsonObject(item)) return false;
        const keys = Object.keys(item);
        const key = keys[0];
        if (keys.length !== 1 || key === undefined || key.length > keyMax) return false;
        const value = item[key];
        return typeof value === 'string' && text(value) === 'ok';
      },
    };
  }
  return { kind: 'table', table: compileObject(table, path, { ...scope, atAcs: false }) };
}

function objectCheck(spec: FieldSpec, member: Member | undefined): (v: unknown) => boolean {
  const max = spec.maxLength;
  const members = member?.kind === 'check' ? member.check : undefined;
  return (v) =>
    isJsonObject(v) && (max === undefined || jsonTextWithin(v, max)) && (members === undefined || members(v));
}

function valueCheck(spec: FieldSpec, member: Member | undefined): (value: unknown) => Verdict {
  switch (spec.type) {
    case 'any':
      return () => 'ok';
    case 'boolean': {
      const values: ReadonlySet<unknown> | undefined = spec.values && new Set(spec.values);
      return (v) => (typeof v === 'boolean' && (values === undefined || values.has(v)) ? 'ok' : 'invalid');
    }
    case 'string': {
      const text = stringCheck(spec);
      return (v) => (typeof v === 'string' ? text(v) : 'invalid');
    }
    case 'string|object': {
      const text = stringCheck(spec);
      const max = spec.maxLength;
      return (v) => {
        if (typeof v === 'string') return text(v);
        return isJsonObject(v) && (max === undefined || jsonTextWithin(v, max)) ? 'ok' : 'invalid';
      };
    }
    case 'object': {
      const ok = objectCheck(spec, member);
      return (v) => (ok(v) ? 'ok' : 'invalid');
    }
    case 'array':
      return arrayCheck(spec, member);
  }
}

function arrayCheck(spec: FieldSpec, member: Member | undefined): (value: unknown) => Verdict {
  const min = spec.minItems ?? 0;
  const max = spec.maxItems ?? Number.POSITIVE_INFINITY;
  const text = stringCheck({ ...spec, minLength: 1, maxLength: spec.itemMaxLength });
  const object = objectCheck({ ...spec, maxLength: undefined }, member);
  const item = (v: unknown): Verdict => {
    if (spec.items === 'string') return typeof v === 'string' ? text(v) : 'invalid';
    return object(v) ? 'ok' : 'invalid';
  };
  // fields.json meta.lengths: an array's maxLength is its whole JSON text (messageExtension, Table A.12).
  const textMax = spec.maxLength;
  return (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return 'invalid';
    if (textMax !== undefined && !jsonTextWithin(v, textMax)) return 'invalid';
    let verdict: Verdict = 'ok';
    for (const x of v) {
      const r = item(x);
      if (r === 'invalid') return r;
      // An EMVCo-reserved item outranks an excluded ISO code (docs/protocol.md, order of checks).
      if (r === 'reserved' || verdict === 'ok') verdict = r;
    }
    return verdict;
  };
}

function compileField(spec: FieldSpec, prefix: string, scope: CompileScope): CompiledField {
  const path = prefix === '' ? spec.name : `${prefix}.${spec.name}`;
  const member = memberRule(spec, path, scope);
  return {
    name: spec.name,
    path,
    presence: presenceRules(spec, scope.atAcs),
    requiredWhen: spec.requiredWhen && compileCondition(spec.requiredWhen),
    check: valueCheck(spec, member),
    nested: member?.kind === 'table' ? member.table : undefined,
    isArray: spec.type === 'array',
  };
}

function compileObject(specs: readonly FieldSpec[], path: string, scope: CompileScope): CompiledObject {
  const fields = specs.map((s) => compileField(s, path, scope));
  const mayBeRequired = [...PRESENCE_COLUMNS.keys(), UNKNOWN_COLUMN].map((col) =>
    fields.filter((f) => f.presence[col] === 'R' || (f.presence[col] === 'C' && f.requiredWhen !== undefined)),
  );
  return {
    path,
    fields: new Map(fields.map((f) => [f.name, f])),
    mayBeRequired,
    containers: fields.filter((f) => f.nested !== undefined || f.isArray),
  };
}

/** Every message table compiled once at load (regexes and closures built here, never per message). */
const compiled = new Map<MessageType, ReadonlyMap<MessageVersion, CompiledObject>>(
  MESSAGE_TYPES.map((type) => [
    type,
    new Map(
      SUPPORTED_VERSIONS.map((v) => [
        v,
        compileObject(messageTable(type, v), '', { version: v, atAcs: type === 'AReq' }),
      ]),
    ),
  ]),
);

/** A table of fields.json objects compiled on its own, e.g. the browser forms (ThreeDSMethodData). */
export function compiledObjectTable(name: string, version: MessageVersion): CompiledObject {
  const table = objectTable(name, version);
  if (table === undefined) throw new Error(`fields.json: object ${name} missing for ${version}`);
  return compileObject(table, '', { version, atAcs: false });
}

export function compiledMessage(type: MessageType, version: MessageVersion): CompiledObject {
  const table = compiled.get(type)?.get(version);
  if (table === undefined) throw new Error(`no table for ${type} ${version}`);
  return table;
}
