import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SUPPORTED_VERSIONS, versionHas, versionsWith } from './versions.ts';

test('a capability holds from the version that adds it on, never before, never for an unknown version', () => {
  assert.equal(versionHas('2.1.0', 'requestIdHeaders'), false);
  assert.equal(versionHas('2.2.0', 'requestIdHeaders'), false);
  assert.equal(versionHas('2.3.1', 'requestIdHeaders'), true);
  assert.equal(versionHas('9.9.9', 'requestIdHeaders'), false);
  assert.deepEqual(versionsWith('operationalMessages'), ['2.3.1']);
  assert.deepEqual(
    SUPPORTED_VERSIONS.map((v) => versionHas(v, 'splitSdk')),
    [false, false, true],
  );
});
