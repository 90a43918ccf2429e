import type { FieldSpec } from './fields.ts';
import { formatCheck, lengthWithin, numericRangeTest, rangeListTest, type StringCheck } from './formats.ts';
import type { JsonObject } from './json.ts';

type StringRules = Pick<
  FieldSpec,
  'minLength' | 'maxLength' | 'pattern' | 'format' | 'range' | 'values' | 'reservedRanges'
>;

/**
 * Builds the check of a string value from its row in fields.json. A code outside `values` is
 * accepted when it falls in `reservedRanges` (e.g. DS-specific 80-99): fields.json meta.values.
 */
export function stringCheck(rules: StringRules): StringCheck {
  const tests: ((value: string) => boolean)[] = [];
  const min = rules.minLength ?? 0;
  const max = rules.maxLength ?? Number.POSITIVE_INFINITY;
  if (rules.minLength !== undefined || rules.maxLength !== undefined) tests.push((v) => lengthWithin(v, min, max));
  if (rules.pattern !== undefined) {
    const pattern = new RegExp(rules.pattern);
    tests.push((v) => pattern.test(v));
  }
  if (rules.range !== undefined) tests.push(numericRangeTest(rules.range));
  if (rules.values !== undefined) {
    const values: ReadonlySet<unknown> = new Set(rules.values);
    const reserved = rules.reservedRanges === undefined ? undefined : rangeListTest(rules.reservedRanges);
    tests.push((v) => values.has(v) || reserved?.(v) === true);
  }
  const format = rules.format === undefined ? undefined : formatCheck(rules.format);
  return (value) => {
    for (const test of tests) if (!test(value)) return 'invalid';
    return format === undefined ? 'ok' : format(value);
  };
}

/** fields.json meta.lengths: maxLength of an object is the length of its JSON text. */
export function jsonTextWithin(value: JsonObject, max: number): boolean {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    // Nesting too deep to serialise: far beyond any length limit in the tables.
    return false;
  }
  return lengthWithin(text, 0, max);
}
