import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError, type ServiceErrorCode } from '../../core/errors.ts';
import { toApiError } from '../../features/issuer-api/errors.ts';
import { asServiceError, httpStatusOf, PAGE_MESSAGES, pageMessageOf, SERVICE_ERRORS } from './errors.ts';

const CODES = Object.keys(SERVICE_ERRORS) as ServiceErrorCode[];

test('every domain error code maps to one 4xx status and one page message', () => {
  for (const code of CODES) {
    const status = httpStatusOf(code);
    assert.ok(status >= 400 && status < 500, `${code} → ${status}`);
    assert.ok(PAGE_MESSAGES[SERVICE_ERRORS[code].page], code);
    assert.notEqual(pageMessageOf(code, 'ja'), pageMessageOf(code, 'en'));
  }
  // A member locked against an action is a conflict with its state, as a refused enrollment change is.
  assert.equal(httpStatusOf('locked'), 409);
  assert.equal(httpStatusOf('enrollment_refused'), 409);
});

test('the issuer API answers each domain error with the shared status and its own code', () => {
  for (const code of CODES) {
    const api = toApiError(new ServiceError(code, 'refused', 'field'));
    assert.deepEqual(api && { status: api.status, code: api.code, field: api.field }, {
      status: httpStatusOf(code),
      code,
      field: 'field',
    });
  }
});

test('a lost race (unique violation, serialization failure, deadlock) is a conflict; other faults stay faults', () => {
  for (const pgCode of ['23505', '40001', '40P01']) {
    assert.equal(asServiceError(Object.assign(new Error('race'), { code: pgCode }))?.code, 'conflict');
  }
  assert.equal(asServiceError(new Error('boom')), undefined);
  assert.equal(asServiceError(Object.assign(new Error('syntax'), { code: '42601' })), undefined);
});
