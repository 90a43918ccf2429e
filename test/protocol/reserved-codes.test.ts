import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CompiledObject, compiledMessage } from '../../src/protocol/compile.ts';
import { type FieldSpec, messageTable, objectTable } from '../../src/protocol/fields.ts';
import { isJsonObject, type JsonObject } from '../../src/protocol/json.ts';
import { type ValidationResult, validateMessage } from '../../src/protocol/validate.ts';
import {
  MESSAGE_TYPES,
  type MessageType,
  type MessageVersion,
  SUPPORTED_VERSIONS,
} from '../../src/protocol/versions.ts';
import { deepCopy, loadSamples } from './fixtures.ts';

// Generated from fields.json: every coded field of every message and nested object, in every version,
// is classified (EMVCo-reserved ranges, DS-specific ranges, or a closed list), and every code at the edges
// of every range gets its answer: EMVCo-reserved → 207 in 2.3.1 (203 before), DS-specific → accepted.
// A coded field added to the table without a classification fails the first test.

interface CodedField {
  readonly where: string;
  readonly version: MessageVersion;
  readonly spec: FieldSpec;
  readonly check: (value: unknown) => string;
}

const isCoded = (spec: FieldSpec): boolean =>
  spec.values !== undefined &&
  spec.values.length > 0 &&
  spec.values.every((v) => typeof v === 'string' && /^[0-9]+$/.test(v));

function collect(specs: readonly FieldSpec[], table: CompiledObject, version: MessageVersion, out: CodedField[]) {
  for (const spec of specs) {
    const field = table.fields.get(spec.name);
    assert.ok(field, `${table.path} ${spec.name} compiled`);
    if (isCoded(spec)) out.push({ where: field.path, version, spec, check: field.check });
    const members = spec.object === undefined ? undefined : objectTable(spec.object, version);
    if (members !== undefined && field.nested !== undefined) collect(members, field.nested, version, out);
  }
}

function codedFields(): Map<MessageType, CodedField[]> {
  const all = new Map<MessageType, CodedField[]>();
  for (const type of MESSAGE_TYPES) {
    const list: CodedField[] = [];
    for (const version of SUPPORTED_VERSIONS) {
      const table = messageTable(type, version);
      if (table !== undefined) collect(table, compiledMessage(type, version), version, list);
    }
    all.set(type, list);
  }
  return all;
}

/** The codes at both ends of every span of a range list: "02,09-79" → 02, 09, 79. */
function edges(ranges: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const part of ranges.flatMap((r) => r.split(','))) {
    const [low = '', high = low] = part.split('-');
    codes.add(low);
    codes.add(high);
  }
  return [...codes];
}

const asSent = (spec: FieldSpec, code: string): unknown => (spec.type === 'array' ? [code] : code);
const fields = codedFields();

describe('EMVCo-reserved and DS-specific codes, generated from fields.json', () => {
  test('every coded field says what a code outside its list is', () => {
    let count = 0;
    for (const [type, list] of fields) {
      for (const { where, version, spec } of list) {
        count++;
        const kinds = [spec.emvcoReserved, spec.dsRanges, spec.closedList].filter((k) => k !== undefined);
        assert.ok(kinds.length > 0, `${type} ${version} ${where}: emvcoReserved, dsRanges or closedList`);
        if (spec.closedList) assert.equal(kinds.length, 1, `${type} ${version} ${where}: closed yet ranged`);
        for (const code of edges([...(spec.emvcoReserved ?? []), ...(spec.dsRanges ?? [])])) {
          assert.ok(!spec.values?.includes(code), `${type} ${version} ${where}: ${code} both listed and ranged`);
        }
      }
    }
    assert.ok(count > 100, `${count} coded fields`);
  });

  for (const [type, list] of fields) {
    test(`${type}: each EMVCo-reserved code is 'reserved', each DS code accepted, each listed code accepted`, () => {
      for (const { where, version, spec, check } of list) {
        const label = `${type} ${version} ${where}`;
        for (const code of edges(spec.emvcoReserved ?? [])) {
          assert.equal(check(asSent(spec, code)), 'reserved', `${label} ${code}`);
        }
        for (const code of edges(spec.dsRanges ?? []))
          assert.equal(check(asSent(spec, code)), 'ok', `${label} ${code}`);
        for (const code of spec.values ?? []) assert.equal(check(asSent(spec, String(code))), 'ok', `${label} ${code}`);
        // A code in no list and no range (the width is wrong) stays plain invalid.
        assert.equal(check(asSent(spec, '0000000')), 'invalid', `${label} 0000000`);
      }
    });
  }
});

function failure(result: ValidationResult): unknown {
  return result.ok ? { ok: true } : { errorCode: result.errorCode, errorDetail: result.errorDetail };
}

/** Every coded member a sample carries, at any depth, with a setter. */
function codedSlots(message: JsonObject, specs: readonly FieldSpec[], version: MessageVersion, prefix = '') {
  const slots: { path: string; spec: FieldSpec; set: (m: JsonObject, v: unknown) => void }[] = [];
  const walk = (node: JsonObject, table: readonly FieldSpec[], at: readonly string[]) => {
    for (const spec of table) {
      const value = node[spec.name];
      if (value === undefined) continue;
      const path = [...at, spec.name];
      if (isCoded(spec)) {
        slots.push({
          path: `${prefix}${path.join('.')}`,
          spec,
          set: (m, v) => {
            let holder: unknown = m;
            for (const key of path.slice(0, -1)) holder = isJsonObject(holder) ? holder[key] : undefined;
            if (isJsonObject(holder)) holder[spec.name] = v;
          },
        });
      }
      const members = spec.object === undefined ? undefined : objectTable(spec.object, version);
      if (members !== undefined && isJsonObject(value)) walk(value, members, path);
    }
  };
  walk(message, specs, []);
  return slots;
}

describe('through validateMessage: the Erro a reserved code gets', () => {
  for (const sample of loadSamples()) {
    const { messageType, messageVersion } = sample;
    const slots = codedSlots(sample.message, messageTable(messageType, messageVersion) ?? [], messageVersion);
    const reservedAnswer = messageVersion === '2.3.1' ? '207' : '203';
    test(`${sample.file}: EMVCo-reserved → ${reservedAnswer}, DS-specific → valid`, () => {
      const validate = (m: JsonObject) =>
        validateMessage(m, { messageType, messageVersion, context: sample.context, strict: false });
      assert.deepEqual(failure(validate(sample.message)), { ok: true });
      for (const slot of slots.filter((s) => s.path !== 'messageCategory' || messageType !== 'AReq')) {
        for (const code of edges(slot.spec.emvcoReserved ?? [])) {
          const m = deepCopy(sample.message);
          slot.set(m, asSent(slot.spec, code));
          assert.deepEqual(failure(validate(m)), { errorCode: reservedAnswer, errorDetail: slot.path }, code);
        }
        for (const code of edges(slot.spec.dsRanges ?? [])) {
          const m = deepCopy(sample.message);
          slot.set(m, asSent(slot.spec, code));
          assert.deepEqual(failure(validate(m)), { ok: true }, `${slot.path} ${code}`);
        }
      }
    });
  }

  const areq231 = loadSamples().find((s) => s.messageType === 'AReq' && s.messageVersion === '2.3.1');
  assert.ok(areq231);
  // [member, value, expected errorCode, other members the value needs]
  const cases: [string, unknown, string, JsonObject][] = [
    ['threeDSRequestorAuthenticationInd', '15', '207', {}],
    ['acctType', '05', '207', {}],
    ['deviceBindingStatus', '07', '207', { deviceBindingStatusSource: '01' }],
    ['deviceChannel', '04', '207', {}],
    ['messageCategory', '03', '207', {}],
    ['trustListStatus', 'E', '203', { trustListStatusSource: '01' }],
    ['trustListStatus', 'Y', 'ok', { trustListStatusSource: '01' }],
    ['acctType', '00', '203', {}],
  ];
  for (const [name, value, code, with_] of cases) {
    test(`AReq 2.3.1 ${name} ${JSON.stringify(value)} → ${code} (issue 16)`, () => {
      const m = { ...deepCopy(areq231.message), ...with_, [name]: value };
      const result = validateMessage(m, { messageType: 'AReq', messageVersion: '2.3.1' });
      assert.deepEqual(failure(result), code === 'ok' ? { ok: true } : { errorCode: code, errorDetail: name });
    });
  }

  test('a reserved code and a malformed one in the same AReq: 203 first, then 207', () => {
    const m = { ...deepCopy(areq231.message), acctType: '05', purchaseCurrency: 'yen' };
    assert.deepEqual(failure(validateMessage(m, { messageType: 'AReq', messageVersion: '2.3.1' })), {
      errorCode: '203',
      errorDetail: 'purchaseCurrency',
    });
  });
});
