import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  earliestEffectiveDate,
  effectiveDateProblem,
  isVersionLabel,
  jstDateOf,
  jstMidnight,
  type TermsStatus,
  termsStateOn,
  withSupersession,
} from './terms.ts';

const v = (status: TermsStatus, effective: string, superseded?: string) => ({
  status,
  effectiveAt: new Date(effective),
  supersededAt: superseded ? new Date(superseded) : undefined,
});

test('a draft is a draft whatever the date', () => {
  assert.equal(termsStateOn(v('draft', '2020-01-01T00:00:00+09:00'), new Date('2030-01-01T00:00:00Z')), 'draft');
});

test('published → in force at JST midnight of its effective date → superseded at the next one', () => {
  const version = v('published', '2026-12-02T00:00:00+09:00', '2027-04-01T00:00:00+09:00');
  // 2026-12-01 23:59:59.999 JST is 2026-12-01T14:59:59.999Z
  assert.equal(termsStateOn(version, new Date('2026-12-01T14:59:59.999Z')), 'published');
  assert.equal(termsStateOn(version, new Date('2026-12-01T15:00:00.000Z')), 'in_force');
  assert.equal(termsStateOn(version, new Date('2027-03-31T14:59:59.999Z')), 'in_force');
  assert.equal(termsStateOn(version, new Date('2027-03-31T15:00:00.000Z')), 'superseded');
});

test('without a later version the one in force stays in force', () => {
  assert.equal(termsStateOn(v('published', '2024-05-31T00:00:00+09:00'), new Date('2099-01-01T00:00:00Z')), 'in_force');
});

test('supersession comes from the next published version only (drafts do not count)', () => {
  const list = withSupersession([
    v('published', '2024-05-31T00:00:00+09:00'),
    v('draft', '2025-01-01T00:00:00+09:00'),
    v('published', '2026-12-02T00:00:00+09:00'),
  ]);
  assert.equal(list[0]?.supersededAt?.toISOString(), '2026-12-01T15:00:00.000Z');
  assert.equal(list[1]?.supersededAt, undefined);
  assert.equal(list[2]?.supersededAt, undefined);
  const at = new Date('2026-12-05T00:00:00Z');
  assert.deepEqual(
    list.map((x) => termsStateOn(x, at)),
    ['superseded', 'draft', 'in_force'],
  );
});

test('JST dates: midnight is 15:00 UTC the day before; invalid dates are refused', () => {
  assert.equal(jstMidnight('2026-12-02')?.toISOString(), '2026-12-01T15:00:00.000Z');
  assert.equal(jstMidnight('2026-02-30'), undefined);
  assert.equal(jstMidnight('2026-2-3'), undefined);
  assert.equal(jstMidnight('tomorrow'), undefined);
  assert.equal(jstDateOf(new Date('2026-12-01T14:59:59Z')), '2026-12-01');
  assert.equal(jstDateOf(new Date('2026-12-01T15:00:00Z')), '2026-12-02');
});

test('the effective date must be tomorrow (JST) or later, and after the latest published version', () => {
  // 23:30 JST on 1 December: "tomorrow" is 2 December even though UTC still says 1 December 14:30.
  const now = new Date('2026-12-01T14:30:00Z');
  assert.equal(earliestEffectiveDate(now), '2026-12-02');
  assert.equal(effectiveDateProblem('2026-12-01', now, undefined), 'too_soon');
  assert.equal(effectiveDateProblem('2026-11-01', now, undefined), 'too_soon');
  assert.equal(effectiveDateProblem('2026-12-02', now, undefined), undefined);
  assert.equal(effectiveDateProblem('2026-13-02', now, undefined), 'invalid');
  const latest = new Date('2026-12-09T15:00:00Z'); // 2026-12-10 JST
  assert.equal(effectiveDateProblem('2026-12-10', now, latest), 'not_after_latest');
  assert.equal(effectiveDateProblem('2026-12-11', now, latest), undefined);
});

test('version labels are short and plain', () => {
  assert.ok(isVersionLabel('2026-12-02'));
  assert.ok(isVersionLabel('v2.1'));
  assert.ok(!isVersionLabel(''));
  assert.ok(!isVersionLabel('<b>v2</b>'));
  assert.ok(!isVersionLabel('x'.repeat(33)));
});
