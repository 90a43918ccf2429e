import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { enumEntries, enumValues, fieldSpec, fieldValues, messageTable, objectTable } from './fields.ts';
import { SUPPORTED_VERSIONS } from './versions.ts';

describe('field table accessors', () => {
  test('supported versions come in ascending order', () => {
    assert.deepEqual(SUPPORTED_VERSIONS, ['2.1.0', '2.2.0', '2.3.1']);
  });

  test('enumValues follows since/until and leaves ranges out', () => {
    const v210 = enumValues('transStatusReason', '2.1.0');
    assert.equal(v210.at(-1), '21');
    assert.ok(enumValues('transStatusReason', '2.2.0').includes('26'));
    assert.ok(!enumValues('transStatusReason', '2.2.0').includes('27'));
    assert.equal(enumValues('transStatusReason').at(-1), '30');
    assert.ok(!enumValues('transStatusReason').includes('80-99'));
    assert.deepEqual(enumValues('authenticationType', '2.3.1'), []);
    assert.deepEqual(enumValues('resendChallenge', '2.3.1'), ['Y']);
  });

  test('enumEntries keeps ranges and meanings', () => {
    const entries = enumEntries('challengeCancel');
    assert.ok(entries.some((e) => e.value === '80-99'));
    assert.ok(entries.every((e) => e.meaning.length > 0));
  });

  test('fieldSpec and fieldValues read one row of a message', () => {
    assert.equal(fieldSpec('Erro', '2.2.0', 'errorDetail')?.maxLength, 2048);
    assert.deepEqual(fieldValues('ARes', '2.1.0', 'transStatus'), ['Y', 'N', 'U', 'A', 'C', 'R']);
    assert.equal(fieldSpec('AReq', '2.2.0', 'noSuchField'), undefined);
  });

  test('every message table exists for every version; objects.Erro points at the Erro message', () => {
    for (const v of SUPPORTED_VERSIONS) assert.ok(messageTable('AReq', v).length > 50);
    assert.deepEqual(objectTable('Erro', '2.3.1'), messageTable('Erro', '2.3.1'));
    assert.equal(objectTable('CardholderInfo', '2.2.0'), undefined);
  });
});
