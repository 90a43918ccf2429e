import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJstDate, formatJstDateTime, formatJstTime } from './format.ts';

// Issue #18 item 2: one date format on the member pages, always the day and time in Japan, labelled.
test('dates read as the day in Japan: 2026年12月5日 / 2026-12-05', () => {
  const at = new Date('2026-12-04T19:09:00Z'); // 04:09 on 5 December in Japan
  assert.equal(formatJstDate(at, 'ja'), '2026年12月5日');
  assert.equal(formatJstDate(at, 'en'), '2026-12-05');
});

test('date-times carry the JST clock time and say so', () => {
  const at = new Date('2026-12-04T19:09:00Z');
  assert.equal(formatJstDateTime(at, 'ja'), '2026年12月5日 04:09（日本時間）');
  assert.equal(formatJstDateTime(at, 'en'), '2026-12-05 04:09 JST');
  assert.equal(formatJstTime(at), '04:09');
});

test('the year turns at midnight in Japan, not UTC', () => {
  const at = new Date('2026-12-31T15:00:00Z');
  assert.equal(formatJstDate(at, 'ja'), '2027年1月1日');
  assert.equal(formatJstDateTime(at, 'en'), '2027-01-01 00:00 JST');
});
