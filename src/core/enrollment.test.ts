import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Enrollment, type EnrollmentEvent, transition } from './enrollment.ts';

const at = (state: Enrollment['state'], reason: Enrollment['reason'] = null): Enrollment => ({ state, reason });

const table: Array<[Enrollment, EnrollmentEvent, string]> = [
  [at('not_enrolled'), { type: 'phone_bound' }, 'enrolled'],
  [at('enrolled'), { type: 'phone_bound' }, 'enrolled'],
  [at('deregistered', 'member_request'), { type: 'phone_bound' }, 'enrolled'],
  [at('deregistered', '8-1-4'), { type: 'phone_bound' }, 'error:deregistered_by_issuer'],
  [at('locked', 'lost_stolen'), { type: 'phone_bound' }, 'error:locked'],
  [at('enrolled'), { type: 'lost_stolen_reported' }, 'locked/lost_stolen'],
  [at('not_enrolled'), { type: 'lost_stolen_reported' }, 'error:not_enrolled'],
  [at('locked', 'lost_stolen'), { type: 'lock_lifted' }, 'enrolled'],
  [at('enrolled'), { type: 'lock_lifted' }, 'error:not_locked'],
  [at('enrolled'), { type: 'member_unregistered' }, 'deregistered/member_request'],
  [at('locked', 'lost_stolen'), { type: 'member_unregistered' }, 'error:locked'],
  [at('enrolled'), { type: 'restricted', reason: '8-1-4' }, 'restricted/8-1-4'],
  [at('locked', 'lost_stolen'), { type: 'deregistered', reason: '8-1-1' }, 'deregistered/8-1-1'],
  [at('deregistered', '8-1-1'), { type: 'deregistered', reason: '8-1-1' }, 'error:already_deregistered'],
  [at('deregistered', '8-1-3'), { type: 'reinstated', hasPhone: false }, 'not_enrolled'],
  [at('restricted', '8-1-5'), { type: 'reinstated', hasPhone: true }, 'enrolled'],
  [at('enrolled'), { type: 'reinstated', hasPhone: true }, 'error:not_restricted_or_deregistered'],
];

for (const [from, event, expected] of table) {
  test(`enrollment: ${from.state}${from.reason ? `/${from.reason}` : ''} + ${event.type} → ${expected}`, () => {
    const r = transition(from, event);
    const got = r.ok ? [r.next.state, r.next.reason].filter(Boolean).join('/') : `error:${r.error}`;
    assert.equal(got, expected);
  });
}
