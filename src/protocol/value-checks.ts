import type { FieldSpec } from './fields.ts';
import {
  formatCheck,
  lengthWithin,
  numericRangeTest,
  rangeListTest,
  type StringCheck,
  type Verdict,
} from './formats.ts';
import type { JsonObject } from './json.ts';

type StringRules = Pick<
  FieldSpec,
  'minLength' | 'maxLength' | 'pattern' | 'format' | 'range' | 'values' | 'emvcoReserved' | 'dsRanges'
>;

/**
 * What a code outside `values` is (fields.json meta.values): DS-specific (accepted), EMVCo-reserved
 * ('reserved': error 207 in 2.3.1), or simply invalid. The ranges are read once, here.
 */
function codeCheck(rules: StringRules): (value: string) => Verdict {
  const values: ReadonlySet<unknown> = new Set(rules.values);
  const ds = rules.dsRanges === undefined ? undefined : rangeListTest(rules.dsRanges);
  const reserved = rules.emvcoReserved === undefined ? undefined : rangeListTest(rules.emvcoReserved);
  return (v) => {
    if (values.has(v) || ds?.(v) === true) return 'ok';
    return reserved?.(v) === true ? 'reserved' : 'invalid';
  };
}

/** Builds the check of a string value from its row in fields.json. */
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
  const code = rules.values === undefined ? undefined : codeCheck(rules);
  const format = rules.format === undefined ? undefined : formatCheck(rules.format);
  return (value) => {
    for (const test of tests) if (!test(value)) return 'invalid';
    if (code !== undefined) {
      const verdict = code(value);
      if (verdict !== 'ok') return verdict;
    }
    return format === undefined ? 'ok' : format(value);
  };
}

/** fields.json meta.lengths: maxLength of an object (or a whole array) is the length of its JSON text. */
export function jsonTextWithin(value: JsonObject | readonly unknown[], max: number): boolean {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    // Nesting too deep to serialise: far beyond any length limit in the tables.
    return false;
  }
  return lengthWithin(text, 0, max);
}
