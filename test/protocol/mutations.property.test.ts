import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { erroForFailure } from '../../src/protocol/erro.ts';
import { messageTable } from '../../src/protocol/fields.ts';
import { type TextValidationResult, validateMessageText } from '../../src/protocol/incoming.ts';
import { isJsonObject, type JsonObject } from '../../src/protocol/json.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import { areqBrowser210, deepCopy, loadSamples } from './fixtures.ts';

const samples = loadSamples();
const areqs = [...samples.filter((s) => s.messageType === 'AReq'), areqBrowser210(samples)];
const OUR_ACS_TRANS_ID = 'c7d5b9f4-1916-4403-8492-02a0c38908c2';
// Real field names make inserted members hit the tables, not only the unknown-field path.
const fieldNames = [...new Set(messageTable('AReq', '2.3.1').map((f) => f.name))];

type Kind = 'delete' | 'replace' | 'retype' | 'insert';
interface Mutation {
  readonly kind: Kind;
  readonly target: number;
  readonly pick: number;
  readonly key: string;
  readonly value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Kind>('delete', 'replace', 'retype', 'insert'),
  target: fc.nat(),
  pick: fc.nat(),
  key: fc.oneof(fc.constantFrom(...fieldNames, '__proto__', 'constructor', 'cc'), fc.string()),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('', null, '01', 'Y', true, [], {})),
});

/** Every object and array in the message, the message first. */
function containers(root: JsonObject): (JsonObject | unknown[])[] {
  const found: (JsonObject | unknown[])[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      found.push(node);
      pending.push(...node);
    } else if (isJsonObject(node)) {
      found.push(node);
      pending.push(...Object.values(node));
    }
  }
  return found;
}

/** The same content as another JSON type. */
function retyped(value: unknown): unknown {
  if (typeof value === 'string') return Number.isFinite(Number(value)) ? Number(value) : [value];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return { ...value };
  if (isJsonObject(value)) return Object.values(value);
  return {};
}

function setMember(target: JsonObject, key: string, value: unknown): void {
  // defineProperty keeps "__proto__" an ordinary member, as JSON.parse makes it.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function apply(root: JsonObject, m: Mutation): void {
  // fast-check reuses generated values while shrinking: never let the message alias one.
  const value = deepCopy(m.value);
  const all = containers(root);
  const target = all[m.target % all.length];
  if (Array.isArray(target)) {
    const i = target.length === 0 ? 0 : m.pick % target.length;
    if (m.kind === 'delete') target.splice(i, 1);
    else if (m.kind === 'insert') target.splice(i, 0, value);
    else if (target.length > 0) target[i] = m.kind === 'replace' ? value : retyped(target[i]);
    return;
  }
  if (target === undefined) return;
  const keys = Object.keys(target);
  const key = keys[m.pick % Math.max(keys.length, 1)];
  if (m.kind === 'insert' || key === undefined) setMember(target, m.key, value);
  else if (m.kind === 'delete') delete target[key];
  else setMember(target, key, m.kind === 'replace' ? value : retyped(target[key]));
}

/** The Erro we would send for a rejected message must pass the Erro table of its own version. */
function assertErroValid(result: TextValidationResult): void {
  if (result.ok) return;
  const received = result.message;
  const erro = erroForFailure(result, received, { acsTransID: OUR_ACS_TRANS_ID });
  const channel = received?.deviceChannel;
  const category = received?.messageCategory;
  const context =
    typeof channel === 'string' && typeof category === 'string'
      ? { deviceChannel: channel, messageCategory: category }
      : undefined;
  const check = validateMessage(
    { ...erro },
    { messageType: 'Erro', messageVersion: erro.messageVersion, strict: true, ...(context && { context }) },
  );
  assert.deepEqual(check, { ok: true }, JSON.stringify(erro));
}

describe('random mutations of valid AReqs', () => {
  test('10,000 structural mutations never make parse/validate throw; every rejection yields a valid Erro', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.constantFrom(...areqs),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (sample, mutations) => {
          const message = deepCopy(sample.message);
          for (const m of mutations) apply(message, m);
          const text = JSON.stringify(message);
          const fromText = validateMessageText(text, { messageType: 'AReq' });
          const direct = validateMessage(message, { messageType: 'AReq', messageVersion: sample.messageVersion });
          if (message.messageVersion === sample.messageVersion) {
            const { message: _, ...withoutMessage } = fromText;
            assert.deepEqual(withoutMessage, direct.ok ? { ok: true, messageVersion: sample.messageVersion } : direct);
          }
          assertErroValid(fromText);
          const outcome = fromText.ok ? 'ok' : fromText.errorCode;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        },
      ),
      { numRuns: 10_000 },
    );
    for (const code of ['ok', '101', '102', '201', '203']) assert.ok((outcomes.get(code) ?? 0) > 0, `no ${code} seen`);
  });

  test('2,000 text-level edits never make parse/validate throw; every rejection yields a valid Erro', () => {
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 4 }), insert: fc.string({ maxLength: 4 }) });
    fc.assert(
      fc.property(fc.constantFrom(...areqs), fc.array(edit, { minLength: 1, maxLength: 3 }), (sample, edits) => {
        let text = sample.text;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        assertErroValid(validateMessageText(text, { messageType: 'AReq' }));
      }),
      { numRuns: 2_000 },
    );
  });
});
