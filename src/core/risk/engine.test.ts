import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessRisk } from './engine.ts';
import { CHALLENGE_ALL_POLICY, DEMO_RISK_POLICY } from './policies.ts';
import type { RiskAReq, RiskHistory } from './types.ts';

/** A member's usual purchase: known device, IP range and merchant, a habitual amount, Japanese browser. */
const usual: RiskAReq = {
  deviceChannel: '02',
  messageCategory: '01',
  amountYen: 4_800,
  foreignCurrency: false,
  mcc: '5411',
  challengeIndicators: ['01'],
  acctInfo: { chAccAgeInd: '05' },
  priorAuthMethod: undefined,
  language: 'ja',
  timeZoneOffset: -540,
  hourJst: 20,
  deviceMac: 'dev-1',
  methodCompleted: true,
  ipRangeMac: 'ip-1',
  merchantMac: 'mer-1',
  merchantTrustedByRequestor: false,
};

const habits: RiskHistory = {
  authenticatedPurchases: 12,
  authenticatedOnDevice: 9,
  authenticatedFromIpRange: 8,
  authenticatedAtMerchant: 3,
  largestAuthenticatedYen: 12_000,
  knownLanguages: ['ja'],
  cardAReqsLastHour: 0,
  cardAReqsLastDay: 1,
  cardsOnDeviceLastHour: 0,
  cardsFromIpRangeLastHour: 0,
  hoursSincePhoneChange: undefined,
  lostStolenBefore: false,
  failedChallenges: 0,
  openFraudReports: 0,
  trustedMerchant: false,
};

const newDevice = { authenticatedOnDevice: 0, authenticatedFromIpRange: 0 };

test('the usual purchase is frictionless under the risk policy; the score is its reasons summed, within 0–100', () => {
  const a = assessRisk(usual, habits, DEMO_RISK_POLICY);
  assert.equal(a.decision, 'frictionless');
  assert.equal(a.rule, undefined);
  assert.equal(
    a.reasons.reduce((s, r) => s + r.points, 0),
    -5,
  );
  assert.equal(a.score, 0);
  assert.deepEqual(
    a.reasons.map((r) => r.signal),
    ['base', 'known_merchant', 'known_device', 'known_ip_range', 'account_established'],
  );
});

test('the default policy challenges everything but still records the score', () => {
  const a = assessRisk(usual, habits, CHALLENGE_ALL_POLICY);
  assert.deepEqual([a.decision, a.rule], ['challenge', 'challenge_all']);
  assert.equal(a.score, assessRisk(usual, habits, DEMO_RISK_POLICY).score);
});

const cases: Array<[string, Partial<RiskAReq>, Partial<RiskHistory>, string, string | undefined]> = [
  ['first purchase on a new device', {}, newDevice, 'challenge', 'new_device'],
  ['no device identifier at all', { deviceMac: undefined }, { authenticatedOnDevice: 0 }, 'challenge', 'new_device'],
  ['card-testing burst on the card', { amountYen: 100 }, { cardAReqsLastHour: 5 }, 'refuse', 'card_testing'],
  ['many cards from one device', {}, { cardsOnDeviceLastHour: 3 }, 'refuse', 'card_testing'],
  ['many cards from one IP range', {}, { cardsFromIpRangeLastHour: 10 }, 'refuse', 'card_testing'],
  ['right after a phone change', {}, { hoursSincePhoneChange: 5 }, 'challenge', 'phone_cooldown'],
  ['requestor mandates a challenge', { challengeIndicators: ['04'] }, {}, 'challenge', 'requestor_mandate'],
  [
    'above the frictionless amount limit',
    { amountYen: 150_000 },
    { largestAuthenticatedYen: 200_000 },
    'challenge',
    'amount_limit',
  ],
  ['in another currency', { amountYen: undefined, foreignCurrency: true }, {}, 'challenge', 'amount_limit'],
  [
    'new device, high amount, foreign language and time zone: refused as suspected fraud',
    { amountYen: 180_000, language: 'en', timeZoneOffset: 0, mcc: '5732', acctInfo: { chAccAgeInd: '02' } },
    { ...newDevice, authenticatedAtMerchant: 0 },
    'refuse',
    undefined,
  ],
  [
    'a known device on a card with an open fraud report and failed challenges',
    {},
    { openFraudReports: 1, failedChallenges: 2 },
    'challenge',
    undefined,
  ],
  [
    'TRA exemption within the issuer limit',
    { amountYen: 25_000, challengeIndicators: ['05'], language: 'en', timeZoneOffset: 0, mcc: '5732' },
    { authenticatedAtMerchant: 0, authenticatedFromIpRange: 0, largestAuthenticatedYen: 20_000 },
    'frictionless',
    'exemption',
  ],
  [
    'TRA exemption above the issuer limit',
    { amountYen: 60_000, challengeIndicators: ['05'], language: 'en', timeZoneOffset: 0, mcc: '5732' },
    { authenticatedAtMerchant: 0, authenticatedFromIpRange: 0, largestAuthenticatedYen: 80_000 },
    'challenge',
    undefined,
  ],
];

for (const [name, areq, history, decision, rule] of cases) {
  test(`risk policy: ${name}`, () => {
    const a = assessRisk({ ...usual, ...areq }, { ...habits, ...history }, DEMO_RISK_POLICY);
    assert.equal(a.decision, decision, JSON.stringify(a));
    assert.equal(a.rule, rule, JSON.stringify(a));
    assert.equal(a.transStatusReason, decision === 'refuse' ? '11' : undefined);
    assert.ok(a.score >= 0 && a.score <= 100);
  });
}

test('decision CPU per AReq (reported, not asserted)', () => {
  const variants = [usual, { ...usual, amountYen: 180_000, language: 'en', deviceMac: undefined }];
  const histories = [habits, { ...habits, ...newDevice, hoursSincePhoneChange: 10, failedChallenges: 1 }];
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += assessRisk(variants[i % 2]!, histories[i % 2]!, DEMO_RISK_POLICY).score;
  const n = 200_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += assessRisk(variants[i % 2]!, histories[(i >> 1) % 2]!, DEMO_RISK_POLICY).score;
  const micros = Number(process.hrtime.bigint() - started) / 1000 / n;
  console.log(`# risk decision CPU: ${micros.toFixed(2)} µs per AReq (${n} decisions)`);
  assert.ok(sink > 0);
});
