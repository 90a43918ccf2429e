import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Decision, type DecisionInput, decide } from './decision.ts';

const base: DecisionInput = {
  deviceChannel: '02',
  messageCategory: '01',
  messageVersion: '2.2.0',
  currentYymm: '2611',
  card: { status: 'active', expiry: '3012' },
  member: { status: 'active', enrollment: 'enrolled', hasPhone: true },
  suspension: { acs: false, sms: false },
  unenrolledPolicy: 'reject',
  challengeIndicators: ['01'],
};

const reject = (transStatus: string, reason: string) => ({ kind: 'reject', transStatus, reason });

const table: Array<[string, Partial<DecisionInput>, Partial<Decision> | { kind: string }]> = [
  ['enrolled, active, browser payment', {}, { kind: 'challenge' }],
  ['enrolled, NPA', { messageCategory: '02' }, { kind: 'challenge' }],
  ['card expiring this month is still valid', { card: { status: 'active', expiry: '2611' } }, { kind: 'challenge' }],
  ['service suspended beats everything', { suspension: { acs: true, sms: false }, card: undefined }, reject('U', '22')],
  ['3RI', { deviceChannel: '03' }, reject('N', '21')],
  ['app channel, SDK draws native text screens', { deviceChannel: '01', appNativeTextUi: true }, { kind: 'challenge' }],
  ['app channel, SDK without native text UI', { deviceChannel: '01', appNativeTextUi: false }, reject('N', '03')],
  ['app channel, render options unknown', { deviceChannel: '01' }, reject('N', '03')],
  [
    'app channel without native UI, not enrolled: the card answer comes first',
    {
      deviceChannel: '01',
      appNativeTextUi: false,
      member: { status: 'active', enrollment: 'not_enrolled', hasPhone: false },
    },
    reject('N', '13'),
  ],
  [
    'app channel, locked (lost/stolen)',
    { deviceChannel: '01', appNativeTextUi: true, member: { status: 'active', enrollment: 'locked', hasPhone: true } },
    reject('N', '12'),
  ],
  [
    'app channel, SMS sending paused',
    { deviceChannel: '01', appNativeTextUi: true, suspension: { acs: false, sms: true } },
    reject('U', '22'),
  ],
  ['browser ignores appNativeTextUi', { appNativeTextUi: false }, { kind: 'challenge' }],
  ['no card record', { card: undefined, member: undefined }, reject('N', '08')],
  ['card closed', { card: { status: 'closed', expiry: '3012' } }, reject('R', '08')],
  ['card expired last month', { card: { status: 'active', expiry: '2610' } }, reject('N', '05')],
  [
    'e-net account suspended',
    { member: { status: 'suspended', enrollment: 'enrolled', hasPhone: true } },
    reject('N', '12'),
  ],
  ['locked (lost/stolen)', { member: { status: 'active', enrollment: 'locked', hasPhone: true } }, reject('N', '12')],
  [
    'locked with the attempts policy: still no attempt',
    { unenrolledPolicy: 'attempts', member: { status: 'active', enrollment: 'locked', hasPhone: true } },
    reject('N', '12'),
  ],
  [
    'restricted (art. 8-1)',
    { member: { status: 'active', enrollment: 'restricted', hasPhone: true } },
    reject('N', '12'),
  ],
  ['not enrolled', { member: { status: 'active', enrollment: 'not_enrolled', hasPhone: false } }, reject('N', '13')],
  ['deregistered', { member: { status: 'active', enrollment: 'deregistered', hasPhone: false } }, reject('N', '13')],
  [
    'not enrolled with the attempts policy',
    { unenrolledPolicy: 'attempts', member: { status: 'active', enrollment: 'not_enrolled', hasPhone: false } },
    { kind: 'attempts' },
  ],
  [
    'not enrolled, attempts policy, NPA: no attempt for non-payments',
    {
      unenrolledPolicy: 'attempts',
      messageCategory: '02',
      member: { status: 'active', enrollment: 'not_enrolled', hasPhone: false },
    },
    reject('N', '13'),
  ],
  [
    'enrolled without a phone (guard)',
    { member: { status: 'active', enrollment: 'enrolled', hasPhone: false } },
    reject('N', '13'),
  ],
  ['data share only (challenge indicator 06)', { challengeIndicators: ['06'] }, reject('N', '12')],
  ['SMS sending paused', { suspension: { acs: false, sms: true } }, reject('U', '22')],
];

for (const [name, change, expected] of table) {
  test(`decision: ${name}`, () => {
    const got = decide({ ...base, ...change });
    for (const [k, v] of Object.entries(expected))
      assert.equal((got as Record<string, unknown>)[k], v, `${name}: ${k}`);
  });
}
