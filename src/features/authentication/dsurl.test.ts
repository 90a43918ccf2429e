import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveRReqTarget } from './dsurl.ts';

const fallback = 'https://ds.fallback.example/rreq';
const allow = ['https://ds.visa.example/3ds/', 'https://ds2.example:8443/rreq'];

test('an allowed dsURL is used; anything else falls back to DS_RREQ_URL', () => {
  assert.equal(
    resolveRReqTarget('https://ds.visa.example/3ds/rreq', allow, fallback),
    'https://ds.visa.example/3ds/rreq',
  );
  assert.equal(resolveRReqTarget('https://ds2.example:8443/rreq', allow, fallback), 'https://ds2.example:8443/rreq');
  for (const evil of [
    'http://ds.visa.example/3ds/rreq', // other scheme
    'https://ds.visa.example.evil.example/3ds/rreq', // other host
    'https://ds.visa.example:444/3ds/rreq', // other port
    'https://ds.visa.example/3dsx/rreq', // path only shares characters
    'https://ds2.example:8443/rreqs', // not under the prefix path
    'https://user:pw@ds.visa.example/3ds/rreq', // credentials
    'https://ds.visa.example/3ds/../admin', // normalises out of the prefix
    'not a url',
    undefined,
    42,
  ]) {
    assert.equal(resolveRReqTarget(evil, allow, fallback), fallback, String(evil));
  }
  assert.equal(resolveRReqTarget('https://ds.visa.example/3ds/rreq', [], fallback), fallback);
});
