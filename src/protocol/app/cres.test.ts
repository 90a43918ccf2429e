import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChallengeNotice, CResTransaction } from '../../core/challenge-view.ts';
import { validateMessage } from '../validate.ts';
import { SUPPORTED_VERSIONS } from '../versions.ts';
import { buildAppFinalCRes, buildAppScreenCRes } from './cres.ts';

function txn(version: string, transStatus: string | null = null): CResTransaction {
  return {
    acs_trans_id: 'b0c5d5c4-8f1e-4d8a-a0c2-3f5d0b8d2a11',
    three_ds_server_trans_id: '5c262d06-4d3e-4968-bced-8b0bf2353b31',
    sdk_trans_id: '7e28d7d6-1cc9-4527-9cac-8901c536d23f',
    message_version: version,
    trans_status: transStatus,
  };
}

const notices: Array<ChallengeNotice | undefined> = [
  undefined,
  { kind: 'code_sent' },
  { kind: 'code_resent' },
  { kind: 'wrong_credentials', attemptsLeft: 4 },
  { kind: 'code_expired' },
  { kind: 'resend_cooldown', secondsLeft: 59 },
  { kind: 'resend_limit' },
  { kind: 'send_failed' },
  { kind: 'sms_paused' },
  { kind: 'missing_fields' },
];

const context = { deviceChannel: '01', messageCategory: '01' };

test('every app screen CRes (version × screen × language × notice) validates strictly against fields.json', () => {
  for (const version of SUPPORTED_VERSIONS) {
    for (const step of ['enet_id', 'code'] as const) {
      for (const lang of ['ja', 'en'] as const) {
        for (const notice of notices) {
          const cres = buildAppScreenCRes({
            txn: txn(version),
            acsCounterAtoS: 12,
            lang,
            notice,
            facts: {
              step,
              merchantName: 'M'.repeat(40), // the longest AReq merchantName
              amount: '¥1,234,567,890',
              maskedPhone: '090-****-5678',
              issuerName: 'ninsho カード',
              codeValidityMinutes: 5,
            },
          });
          const label = `${version} ${step} ${lang} ${notice?.kind ?? 'none'}`;
          assert.deepEqual(
            validateMessage(cres, { messageType: 'CRes', messageVersion: version, context }),
            { ok: true },
            label,
          );
          assert.equal(cres.acsCounterAtoS, '012');
          assert.equal(cres.acsUiType, '01');
          assert.ok(String(cres.challengeInfoText).length <= 256, label);
          assert.equal(cres.resendInformationLabel !== undefined, step === 'code', label);
        }
      }
    }
  }
});

test('the final app CRes: challengeCompletionInd Y and only Y or N', () => {
  for (const version of SUPPORTED_VERSIONS) {
    for (const [status, expected] of [
      ['Y', 'Y'],
      ['N', 'N'],
      ['U', 'N'],
    ]) {
      const cres = buildAppFinalCRes(txn(version, status), 3);
      assert.deepEqual(validateMessage(cres, { messageType: 'CRes', messageVersion: version, context }), { ok: true });
      assert.equal(cres.transStatus, expected);
      assert.equal(cres.challengeCompletionInd, 'Y');
    }
  }
});
