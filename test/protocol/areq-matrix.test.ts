import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FieldSpec, messageTable, objectTable, type RequiredWhen } from '../../src/protocol/fields.ts';
import { isJsonObject, type JsonObject } from '../../src/protocol/json.ts';
import { type ValidationResult, validateMessage } from '../../src/protocol/validate.ts';
import { areqBrowser210, columnOf, deepCopy, loadSamples, type Sample } from './fixtures.ts';

// A matrix generated from fields.json: for every AReq sample, every field it carries is removed,
// emptied, given an illegal code, a broken format and a wrong JSON type, one at a time.

const samples = loadSamples();
const areqs = [...samples.filter((s) => s.messageType === 'AReq'), areqBrowser210(samples)];

/** Where a field sits: the keys leading to the object that holds it. */
interface Slot {
  readonly path: string;
  readonly at: readonly (string | number)[];
  readonly spec: FieldSpec;
  readonly topLevel: boolean;
}

function slotsOf(sample: Sample): Slot[] {
  const slots: Slot[] = [];
  for (const spec of messageTable('AReq', sample.messageVersion)) {
    const value = sample.message[spec.name];
    if (value === undefined) continue;
    slots.push({ path: spec.name, at: [], spec, topLevel: true });
    const members = spec.object === undefined ? undefined : objectTable(spec.object, sample.messageVersion);
    const holder = Array.isArray(value) ? value[0] : value;
    if (members === undefined || !isJsonObject(holder)) continue;
    const at = Array.isArray(value) ? [spec.name, 0] : [spec.name];
    for (const member of members) {
      if (holder[member.name] === undefined) continue;
      slots.push({ path: `${spec.name}.${member.name}`, at, spec: member, topLevel: false });
    }
  }
  return slots;
}

function holderOf(root: JsonObject, at: readonly (string | number)[]): JsonObject {
  let node: unknown = root;
  for (const key of at) node = Array.isArray(node) ? node[Number(key)] : isJsonObject(node) ? node[key] : undefined;
  assert.ok(isJsonObject(node), `no object at ${at.join('.')}`);
  return node;
}

function mutate(sample: Sample, slot: Slot, change: (holder: JsonObject, name: string) => void): JsonObject {
  const copy = deepCopy(sample.message);
  change(holderOf(copy, slot.at), slot.spec.name);
  return copy;
}

function validate(sample: Sample, message: JsonObject): ValidationResult {
  return validateMessage(message, { messageType: 'AReq', messageVersion: sample.messageVersion });
}

function assertFailure(result: ValidationResult, errorCode: string, errorDetail: string): void {
  assert.deepEqual(result.ok ? { ok: true } : { errorCode: result.errorCode, errorDetail: result.errorDetail }, {
    errorCode,
    errorDetail,
  });
}

/** The test's own reading of requiredWhen (fields.json meta), kept apart from src/protocol/conditions.ts. */
function holds(when: RequiredWhen, scope: JsonObject, root: JsonObject): boolean {
  return when.any.some((clause) =>
    Object.entries(clause).every(([name, test]) => {
      const path = name.split('.');
      const from = path.length === 1 && scope[name] !== undefined ? scope : root;
      const v = path.reduce<unknown>((o, k) => (isJsonObject(o) ? o[k] : undefined), from);
      const empty = v === undefined || v === null || v === '';
      if (test === '*present*') return !empty;
      if (test === '*absent*') return empty;
      const list: readonly unknown[] = Array.isArray(test) ? test : test.not;
      const hit = Array.isArray(v) ? v.some((x) => list.includes(x)) : list.includes(v);
      return Array.isArray(test) ? hit : empty || !hit;
    }),
  );
}

function isRequired(slot: Slot, message: JsonObject): boolean {
  const column = columnOf(message);
  const rule = slot.topLevel && column !== undefined ? (slot.spec.presenceBy?.[column] ?? 'O') : slot.spec.presence;
  if (rule === '-') return false;
  if (slot.topLevel && slot.spec.atAcs === 'R') return true;
  if (rule === 'R') return true;
  const when = slot.spec.requiredWhen;
  return rule === 'C' && when !== undefined && holds(when, holderOf(message, slot.at), message);
}

/** A JSON value of another type than the field's. */
function wrongType(spec: FieldSpec): unknown {
  if (spec.type === 'boolean') return 'true';
  if (spec.type === 'string' || spec.type === 'string|object') return 12345;
  return 'x';
}

for (const sample of areqs) {
  const slots = slotsOf(sample);
  const formatted = slots.filter((s) => s.spec.format !== undefined || s.spec.pattern !== undefined);
  const enumerated = slots.filter(
    (s) => s.spec.values !== undefined && s.path !== 'messageType' && s.path !== 'messageVersion',
  );

  describe(`AReq matrix: ${sample.file}`, () => {
    test('the sample itself is valid', () => {
      assert.deepEqual(validate(sample, sample.message), { ok: true });
      assert.ok(slots.length > 20 && formatted.length > 5 && enumerated.length > 5);
    });

    test('each field removed: 201 naming it when required, otherwise still valid', () => {
      for (const slot of slots) {
        const message = mutate(sample, slot, (h, n) => delete h[n]);
        const result = validate(sample, message);
        if (slot.path === 'messageType') assertFailure(result, '101', 'messageType');
        else if (isRequired(slot, message)) assertFailure(result, '201', slot.path);
        else assert.deepEqual(result, { ok: true }, `${slot.path} removed`);
      }
    });

    test('each field sent as "" or null: 201 when required, otherwise 203', () => {
      for (const empty of ['', null]) {
        for (const slot of slots.filter((s) => s.path !== 'messageType')) {
          const message = mutate(sample, slot, (h, n) => {
            h[n] = empty;
          });
          assertFailure(validate(sample, message), isRequired(slot, message) ? '201' : '203', slot.path);
        }
      }
    });

    test('each enumerated field given an illegal code: 203 naming it', () => {
      for (const slot of enumerated) {
        const illegal = slot.spec.type === 'boolean' ? false : slot.spec.type === 'array' ? ['ZZ'] : 'ZZ';
        const message = mutate(sample, slot, (h, n) => {
          h[n] = illegal;
        });
        assertFailure(validate(sample, message), '203', slot.path);
      }
    });

    test('each code from a reserved range is accepted', () => {
      for (const slot of enumerated.filter((s) => s.spec.dsRanges !== undefined && s.spec.type === 'string')) {
        const message = mutate(sample, slot, (h, n) => {
          h[n] = '85';
        });
        assert.deepEqual(validate(sample, message), { ok: true }, slot.path);
      }
    });

    test('each field with a format or pattern given a broken value: 203 naming it', () => {
      for (const slot of formatted) {
        const message = mutate(sample, slot, (h, n) => {
          h[n] = 'not/valid!';
        });
        assertFailure(validate(sample, message), '203', slot.path);
      }
    });

    test('each field given the wrong JSON type: 203 naming it', () => {
      for (const slot of slots.filter((s) => s.path !== 'messageType' && s.path !== 'messageVersion')) {
        const message = mutate(sample, slot, (h, n) => {
          h[n] = wrongType(slot.spec);
        });
        assertFailure(validate(sample, message), '203', slot.path);
      }
    });

    test('each length or range limit overstepped: 203 naming it', () => {
      for (const slot of slots.filter((s) => s.spec.type === 'string' && s.spec.maxLength !== undefined)) {
        const message = mutate(sample, slot, (h, n) => {
          h[n] = '9'.repeat((slot.spec.maxLength ?? 0) + 1);
        });
        assertFailure(validate(sample, message), '203', slot.path);
      }
      for (const slot of slots.filter((s) => s.spec.range !== undefined)) {
        const [low] = slot.spec.range ?? ['1'];
        const below = String(Number(low) - 1).padStart(low.length, '0');
        const message = mutate(sample, slot, (h, n) => {
          h[n] = below;
        });
        assertFailure(validate(sample, message), '203', slot.path);
      }
    });
  });
}
