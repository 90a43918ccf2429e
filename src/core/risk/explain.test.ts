import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainRiskDecision, storedReasons } from './explain.ts';

const facts = { score: 12, rule: null, frictionlessBelow: 40, refuseAtOrAbove: 85 } as const;

test('each decision is explained by its rule, else by the score against the thresholds', () => {
  assert.match(explainRiskDecision({ ...facts, decision: 'frictionless' })[1], /score 12 is below .*\(40\)/);
  assert.match(
    explainRiskDecision({ ...facts, decision: 'frictionless', rule: 'exemption', score: 50 })[0],
    /免除申請.*スコア 50/,
  );
  assert.match(explainRiskDecision({ ...facts, decision: 'refuse', score: 90 })[1], /reached .*\(85\)/);
  assert.match(explainRiskDecision({ ...facts, decision: 'refuse', rule: 'card_testing' })[1], /Card testing/);
  assert.match(explainRiskDecision({ ...facts, decision: 'challenge', rule: 'new_device' })[0], /初めての端末/);
  assert.match(explainRiskDecision({ ...facts, decision: 'challenge', score: 60 })[1], /not below .*\(40\)/);
  assert.match(explainRiskDecision({ ...facts, decision: 'challenge', score: null })[1], /could not be assessed/);
});

test('stored reasons keep only {signal, points} entries', () => {
  assert.deepEqual(storedReasons([{ signal: 'base', points: 30 }, { signal: 1 }, null, 'x']), [
    { signal: 'base', points: 30 },
  ]);
  assert.deepEqual(storedReasons(null), []);
});
