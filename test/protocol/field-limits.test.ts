import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CompiledField, type CompiledObject, compiledMessage } from '../../src/protocol/compile.ts';
import type { JsonObject } from '../../src/protocol/json.ts';
import { type ValidationResult, validateMessage } from '../../src/protocol/validate.ts';
import { deepCopy, loadSamples } from './fixtures.ts';

// Limits of docs/protocol.md "Field rules we apply" (issue 16 items 2, 3, 8 and 9).

const samples = loadSamples();
const areq231 = samples.find((s) => s.messageType === 'AReq' && s.messageVersion === '2.3.1')!;
const areq220 = samples.find((s) => s.file === 'AReq_browser_2.2.0.json')!;

function failure(result: ValidationResult): unknown {
  return result.ok ? { ok: true } : { errorCode: result.errorCode, errorDetail: result.errorDetail };
}

function areq(changes: JsonObject, base = areq231): unknown {
  const message = { ...deepCopy(base.message), ...changes };
  return failure(validateMessage(message, { messageType: 'AReq', messageVersion: base.messageVersion }));
}

const extension = (i: number, data: JsonObject = { v: 1 }) => ({
  name: `ext${i}`,
  id: `A000000003-${i}`,
  criticalityIndicator: false,
  data,
});
const extensions = (n: number, data?: JsonObject) => Array.from({ length: n }, (_, i) => extension(i, data));
const INVALID_EXT = { errorCode: '203', errorDetail: 'messageExtension' };

test('messageExtension: 1 to 15 items in 2.3.1 (Table A.12), 10 before', () => {
  assert.deepEqual(areq({ messageExtension: extensions(1) }), { ok: true });
  assert.deepEqual(areq({ messageExtension: extensions(15) }), { ok: true });
  assert.deepEqual(areq({ messageExtension: extensions(16) }), INVALID_EXT);
  assert.deepEqual(areq({ messageExtension: [] }), INVALID_EXT);
  assert.deepEqual(areq({ messageExtension: extensions(10) }, areq220), { ok: true });
  assert.deepEqual(areq({ messageExtension: extensions(11) }, areq220), INVALID_EXT);
});

test('messageExtension: all extensions together at most 81,920 characters (Table A.12)', () => {
  // Each data member stays within its own 8,059 characters (Table A.9); eleven of them do not fit together.
  const big = { text: 'x'.repeat(8000) };
  const within = extensions(10, big);
  assert.ok(JSON.stringify(within).length <= 81_920);
  assert.deepEqual(areq({ messageExtension: within }), { ok: true });
  const over = extensions(11, big);
  assert.ok(JSON.stringify(over).length > 81_920);
  assert.deepEqual(areq({ messageExtension: over }), INVALID_EXT);
});

test('messageExtension members per Table A.9: name and id ≤ 64, data ≤ 8,059, criticalityIndicator boolean', () => {
  const one = (changes: JsonObject) => areq({ messageExtension: [{ ...extension(1), ...changes }] });
  assert.deepEqual(one({ name: 'n'.repeat(64), id: 'i'.repeat(64) }), { ok: true });
  assert.deepEqual(one({ name: 'n'.repeat(65) }), { errorCode: '203', errorDetail: 'messageExtension.name' });
  assert.deepEqual(one({ id: 'i'.repeat(65) }), { errorCode: '203', errorDetail: 'messageExtension.id' });
  assert.deepEqual(one({ data: { t: 'x'.repeat(8100) } }), { errorCode: '203', errorDetail: 'messageExtension.data' });
  assert.deepEqual(one({ criticalityIndicator: 'false' }), {
    errorCode: '203',
    errorDetail: 'messageExtension.criticalityIndicator',
  });
  const { id: _, ...noId } = extension(1);
  assert.deepEqual(areq({ messageExtension: [noId] }), { errorCode: '201', errorDetail: 'messageExtension.id' });
});

test('trustListStatus in the AReq: Y or N only; the ARes and RReq keep E, P, R, U', () => {
  for (const status of ['Y', 'N'])
    assert.deepEqual(areq({ trustListStatus: status, trustListStatusSource: '01' }), { ok: true });
  for (const status of ['E', 'P', 'R', 'U']) {
    assert.deepEqual(areq({ trustListStatus: status, trustListStatusSource: '01' }), {
      errorCode: '203',
      errorDetail: 'trustListStatus',
    });
  }
  const ares = compiledMessage('ARes', '2.3.1').fields.get('trustListStatus');
  assert.equal(ares?.check('E'), 'ok');
});

test('acctInfo.nbPurchaseAccount: 0 to 999', () => {
  const acct = (n: string) => areq({ acctInfo: { nbPurchaseAccount: n } });
  for (const n of ['0', '7', '999', '0999']) assert.deepEqual(acct(n), { ok: true }, n);
  for (const n of ['1000', '9999', '-1', '1.5']) {
    assert.deepEqual(acct(n), { errorCode: '203', errorDetail: 'acctInfo.nbPurchaseAccount' }, n);
  }
});

test('merchantRiskIndicator.transChar: 1 or 2 codes', () => {
  const risk = (transChar: unknown) => areq({ merchantRiskIndicator: { transChar } });
  assert.deepEqual(risk(['01']), { ok: true });
  assert.deepEqual(risk(['01', '02']), { ok: true });
  assert.deepEqual(risk([]), { errorCode: '203', errorDetail: 'merchantRiskIndicator.transChar' });
  // Three codes from a list of two always repeat one: 204 comes first.
  assert.deepEqual(risk(['01', '02', '01']), { errorCode: '204', errorDetail: 'merchantRiskIndicator.transChar' });
  const spec = compiledMessage('AReq', '2.3.1').fields.get('merchantRiskIndicator')?.nested?.fields.get('transChar');
  assert.equal(spec?.check(['01', '02', '80']), 'invalid');
});

test('spcTransData additionalData, issuerImageSpc, psImageSpc: at most 90,000 characters each', () => {
  const spc: CompiledObject | undefined = compiledMessage('ARes', '2.3.1').fields.get('spcTransData')?.nested;
  assert.ok(spc);
  for (const name of ['additionalData', 'issuerImageSpc', 'psImageSpc']) {
    const field: CompiledField | undefined = spc.fields.get(name);
    assert.ok(field, name);
    const fits = { d: 'x'.repeat(90_000 - 8) };
    assert.equal(JSON.stringify(fits).length, 90_000);
    const verdicts: string[] = [field.check(fits), field.check({ d: 'x'.repeat(90_000) })];
    assert.deepEqual(verdicts, ['ok', 'invalid'], name);
  }
});

test('eci: two characters, any of them (no numeric-only check on what we receive)', () => {
  for (const type of ['ARes', 'RReq'] as const) {
    const eci = compiledMessage(type, '2.2.0').fields.get('eci');
    assert.equal(eci?.check('05'), 'ok');
    assert.equal(eci?.check('0A'), 'ok', `${type} eci 0A`);
    assert.equal(eci?.check('005'), 'invalid');
  }
});

test('sdkAuthenticationType: 01-11 valid, 12-79 EMVCo-reserved (207), 80-99 DS-specific', () => {
  const options = compiledMessage('AReq', '2.3.1').fields.get('deviceRenderOptions')?.nested;
  const check = options?.fields.get('sdkAuthenticationType')?.check;
  assert.ok(check);
  for (const code of ['01', '11', '80', '99']) assert.equal(check([code]), 'ok', code);
  // The spec's own example shows 12; the normative value list ends at 11 (docs/protocol.md, readings).
  for (const code of ['12', '50', '79']) assert.equal(check([code]), 'reserved', code);
});
