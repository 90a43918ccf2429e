import type { ClauseTest, RequiredWhen } from './fields.ts';
import { isJsonObject, type JsonObject } from './json.ts';

/**
 * docs/emv-codes.md §5 (201: "absent, empty or null") and fields.json meta.emptyValues: "" and null count as
 * missing, so a required field sent empty is 201 and an optional one is 203. We read [] and {} the
 * same way: an element without content carries nothing the ACS could use.
 */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) {
    for (const _ in value) return false;
    return true;
  }
  return false;
}

/**
 * Evaluates a requiredWhen condition. `scope` is the object holding the field (a sibling decides
 * for nested objects), `root` the whole message, `context` the transaction (the AReq, our own ARes).
 */
export type Condition = (scope: JsonObject, root: JsonObject, context: JsonObject | undefined) => boolean;

type Lookup = (scope: JsonObject, root: JsonObject, context: JsonObject | undefined) => unknown;

/** fields.json meta.requiredWhen: fields missing from the message are read from the context. */
function lookup(name: string): Lookup {
  const path = name.split('.');
  if (path.length === 1) {
    return (scope, root, context) => {
      let v = scope[name];
      if (v === undefined && scope !== root) v = root[name];
      if (v === undefined && context !== undefined) v = context[name];
      return v;
    };
  }
  const walk = (from: unknown): unknown => {
    let node = from;
    for (const key of path) node = isJsonObject(node) ? node[key] : undefined;
    return node;
  };
  return (_scope, root, context) => {
    const v = walk(root);
    return v === undefined && context !== undefined ? walk(context) : v;
  };
}

/** An array value (2.3.1 list fields) matches when one of its items does. */
function matchesAny(value: unknown, accepted: ReadonlySet<unknown>): boolean {
  if (Array.isArray(value)) return value.some((item) => accepted.has(item));
  return accepted.has(value);
}

function valueTest(test: ClauseTest): (value: unknown) => boolean {
  if (test === '*present*') return (v) => !isEmpty(v);
  if (test === '*absent*') return isEmpty;
  const accepted: ReadonlySet<unknown> = new Set(Array.isArray(test) ? test : test.not);
  if (Array.isArray(test)) return (v) => matchesAny(v, accepted);
  return (v) => isEmpty(v) || !matchesAny(v, accepted);
}

export function compileCondition(when: RequiredWhen): Condition {
  const clauses = when.any.map((clause) =>
    Object.entries(clause).map(([name, test]) => ({ read: lookup(name), test: valueTest(test) })),
  );
  return (scope, root, context) => clauses.some((terms) => terms.every((t) => t.test(t.read(scope, root, context))));
}
