import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spcResultOf } from './spc-fields.ts';

const REF = '8a880dc0-d2d2-4067-bcb1-b08d1690b26e';
const credential = {
  id: 'AAECAwQFBgcICQoLDA0ODw',
  rawId: 'AAECAwQFBgcICQoLDA0ODw',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
};

test('an AReq that mentions no SPC result is none; spcIncompInd alone is incomplete', () => {
  assert.deepEqual(spcResultOf({ threeDSRequestorAuthenticationInfo: [{ threeDSReqAuthMethod: '02' }] }), {
    kind: 'none',
  });
  assert.deepEqual(spcResultOf({ spcIncompInd: '03' }), { kind: 'incomplete', reason: '03' });
});

test('the assertion is read from method 09 (object, JSON text or base64url JSON) or from prior method 05', () => {
  const prior = [{ threeDSReqPriorRef: REF }];
  for (const data of [
    credential,
    JSON.stringify(credential),
    Buffer.from(JSON.stringify(credential)).toString('base64url'),
  ]) {
    const result = spcResultOf({
      threeDSRequestorAuthenticationInfo: [{ threeDSReqAuthMethod: '09', threeDSReqAuthData: data }],
      threeDSRequestorPriorAuthenticationInfo: prior,
    });
    assert.equal(result.kind, 'assertion');
    assert.equal(result.kind === 'assertion' && result.response.id, credential.id);
  }
  const viaPrior = spcResultOf({
    threeDSRequestorPriorAuthenticationInfo: [
      { threeDSReqPriorAuthMethod: '05', threeDSReqPriorRef: REF.toUpperCase(), threeDSReqPriorAuthData: credential },
    ],
  });
  assert.equal(viaPrior.kind === 'assertion' && viaPrior.priorAcsTransID, REF);
});

test('malformed SPC fields are named; a result without a reference is unlinked', () => {
  const auth = [{ threeDSReqAuthMethod: '09', threeDSReqAuthData: credential }];
  assert.deepEqual(spcResultOf({ threeDSRequestorAuthenticationInfo: auth }), { kind: 'unlinked' });
  const badRef = spcResultOf({
    threeDSRequestorAuthenticationInfo: auth,
    threeDSRequestorPriorAuthenticationInfo: [{ threeDSReqPriorRef: 'x'.repeat(36) }],
  });
  assert.equal(
    badRef.kind === 'malformed' && badRef.field,
    'threeDSRequestorPriorAuthenticationInfo.threeDSReqPriorRef',
  );
  const badData = spcResultOf({
    threeDSRequestorAuthenticationInfo: [{ threeDSReqAuthMethod: '09', threeDSReqAuthData: '{"id":1}' }],
    threeDSRequestorPriorAuthenticationInfo: [{ threeDSReqPriorRef: REF }],
  });
  assert.equal(badData.kind === 'malformed' && badData.field, 'threeDSRequestorAuthenticationInfo.threeDSReqAuthData');
  const badPrior = spcResultOf({
    threeDSRequestorPriorAuthenticationInfo: [
      { threeDSReqPriorAuthMethod: '05', threeDSReqPriorRef: REF, threeDSReqPriorAuthData: 'bm90IGpzb24' },
    ],
  });
  assert.equal(
    badPrior.kind === 'malformed' && badPrior.field,
    'threeDSRequestorPriorAuthenticationInfo.threeDSReqPriorAuthData',
  );
});
