import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bitString,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  smallInteger,
  time,
  unsignedInteger,
} from './asn1.ts';

const hex = (b: Buffer) => b.toString('hex');

test('DER: OBJECT IDENTIFIER, INTEGER and lengths', () => {
  assert.equal(hex(objectIdentifier('1.2.840.10045.2.1')), '06072a8648ce3d0201');
  assert.equal(hex(objectIdentifier('2.5.4.3')), '0603550403');
  assert.equal(hex(smallInteger(2)), '020102');
  assert.equal(hex(smallInteger(0)), '020100');
  assert.equal(hex(unsignedInteger(Buffer.from([0x80]))), '02020080', 'a set top bit gets a 00 prefix');
  assert.equal(hex(unsignedInteger(Buffer.from([0, 0, 0x12]))), '020112', 'leading zeros are dropped');
  assert.equal(hex(octetString(Buffer.alloc(200))).slice(0, 6), '0481c8', 'long-form length');
  assert.equal(hex(octetString(Buffer.alloc(300))).slice(0, 8), '0482012c');
  assert.equal(hex(bitString(Buffer.from([0x80]), 7)), '03020780');
  assert.equal(hex(sequence()), '3000');
});

test('DER: SET OF sorts its members; times switch to GeneralizedTime in 2050', () => {
  assert.equal(hex(setOf(Buffer.from('0402ffff', 'hex'), Buffer.from('040100', 'hex'))), '3107040100' + '0402ffff');
  assert.equal(time(new Date('2049-12-31T23:59:59Z')).toString('latin1').slice(2), '491231235959Z');
  assert.equal(time(new Date('2050-01-01T00:00:00Z')).toString('latin1').slice(2), '20500101000000Z');
});
