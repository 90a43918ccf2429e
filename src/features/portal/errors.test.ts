import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceErrorCode } from '../../core/errors.ts';
import { phoneConfirmStatus, phoneFormStatus, refusalStatus, serviceErrorPage } from './errors.ts';

describe('portal error mapping', () => {
  it('answers every ServiceError code with a 4xx page, never a 500', () => {
    const codes: ServiceErrorCode[] = [
      'not_found',
      'conflict',
      'invalid',
      'forbidden',
      'locked',
      'rate_limited',
      'enrollment_refused',
    ];
    for (const code of codes) {
      const { status, page } = serviceErrorPage(code);
      assert.ok(status >= 400 && status < 500, `${code} → ${status}`);
      assert.equal(page, code === 'not_found' ? 'notFound' : 'refused');
    }
  });

  it('keeps the statuses the portal pages have always answered with', () => {
    assert.equal(refusalStatus('request', 'refused'), 403);
    assert.equal(refusalStatus('signIn', 'invalid'), 401);
    assert.equal(refusalStatus('signIn', 'locked'), 429);
    assert.equal(refusalStatus('reauth', 'locked'), 401);
    assert.equal(refusalStatus('passwordLink', 'invalid_link'), 404);
    assert.equal(refusalStatus('passwordLink', 'same_as_id'), 400);
    assert.equal(refusalStatus('enrollment', 'locked'), 409);
    assert.equal(refusalStatus('terms', 'not_current'), 409);
    assert.equal(phoneFormStatus({ kind: 'paused' }), 409);
    assert.equal(phoneFormStatus({ kind: 'cooldown', secondsLeft: 30 }), 400);
    assert.equal(phoneConfirmStatus({ kind: 'cooldown', secondsLeft: 30 }), 429);
    assert.equal(phoneConfirmStatus({ kind: 'wrong_code', attemptsLeft: 2 }), 400);
    assert.equal(phoneConfirmStatus({ kind: 'code_sent' }), 200);
  });
});
