import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateTraffic } from '../../bench/risk-eval/traffic.ts';

const options = { seed: 20, members: 30, warmUpDays: 30, evaluatedDays: 10 };

test('the evaluation traffic is reproducible from its seed, labelled, and in time order', () => {
  const a = generateTraffic(options);
  assert.deepEqual(generateTraffic(options), a);
  assert.notDeepEqual(generateTraffic({ ...options, seed: 21 }), a);
  const labels = new Set(a.map((e) => e.label));
  for (const label of [
    'legit',
    'new_device_high_amount',
    'card_testing',
    'takeover_after_phone_change',
    'country_language_mismatch',
    'known_device_stolen_card',
  ]) {
    assert.ok(labels.has(label as never), label);
  }
  assert.ok(a.every((e, i) => i === 0 || a[i - 1]!.minute <= e.minute));
  assert.ok(a.filter((e) => e.label !== 'legit').every((e) => e.evaluated));
});
