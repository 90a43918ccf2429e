import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskPhone } from '../../src/infra/crypto/mask.ts';

// Issue #18 item 1: a masked phone reads in the national format, middle hidden.
describe('maskPhone', () => {
  it('writes Japanese mobiles nationally: 090-****-5678', () => {
    assert.equal(maskPhone('+819012345678'), '090-****-5678');
    assert.equal(maskPhone('+818098765432'), '080-****-5432');
    assert.equal(maskPhone('+817011112222'), '070-****-2222');
  });

  it('writes a Japanese fixed line nationally too: 03-****-5678', () => {
    assert.equal(maskPhone('+81312345678'), '03-****-5678');
  });

  it('never shows the middle digits or the +81 prefix', () => {
    const shown = maskPhone('+819012345678');
    assert.ok(!shown.includes('1234'));
    assert.ok(!shown.includes('+81'));
  });

  it('keeps the country code and last four for other countries', () => {
    assert.equal(maskPhone('+14155550123'), '+14 ****0123');
  });
});
