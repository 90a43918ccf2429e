import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayNumber, daysBetween, isCalendarDate, jstDateOf, jstTimeOf } from './jst-date.ts';

test('the JST date of an instant turns at 15:00 UTC', () => {
  assert.equal(jstDateOf(new Date('2026-04-30T14:59:59.999Z')), '2026-04-30');
  assert.equal(jstDateOf(new Date('2026-04-30T15:00:00Z')), '2026-05-01');
  assert.equal(jstDateOf(new Date('2026-12-31T15:00:00Z')), '2027-01-01');
  assert.equal(jstTimeOf(new Date('2026-01-01T07:10:00Z')), '16:10');
});

test('days between JST dates count calendar days, across months, leap days and years', () => {
  assert.equal(daysBetween('2026-03-01', '2026-04-30'), 60);
  assert.equal(daysBetween('2026-03-01', '2026-05-01'), 61);
  assert.equal(daysBetween('2028-02-01', '2028-04-01'), 60);
  assert.equal(daysBetween('2026-12-15', '2027-01-15'), 31);
  assert.equal(daysBetween('2026-03-02', '2026-03-01'), -1);
  assert.equal(daysBetween('2026-03-01', '2026-03-01'), 0);
});

test('only real YYYY-MM-DD dates are calendar dates', () => {
  for (const ok of ['2026-03-01', '2028-02-29', '1999-12-31']) assert.ok(isCalendarDate(ok), ok);
  for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-3-1', '2026/03/01', '', '2026-03-01T00:00'])
    assert.equal(dayNumber(bad), undefined, bad);
});
