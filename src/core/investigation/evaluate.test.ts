import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { anyCaseFacts, caseFacts, purchase } from '../../../test/support/investigation-facts.ts';
import { evaluateLiability } from './evaluate.ts';
import { CLAUSES } from './facts.ts';

test('waived when all nine exceptions do not apply and the member is not at fault', () => {
  const evaluation = evaluateLiability(caseFacts());
  assert.deepEqual(
    evaluation.findings.map((f) => [f.clause, f.result]),
    CLAUSES.map((c) => [c, 'does_not_apply']),
  );
  assert.deepEqual(evaluation.proposal, { kind: 'waived' });
});

test('two exceptions applying together are both cited', () => {
  const evaluation = evaluateLiability(
    caseFacts({ credentialsMishandled: 'yes', transactions: [purchase({ deliveryAddress: 'member' })] }),
  );
  assert.deepEqual(evaluation.proposal, { kind: 'not_waived', clauses: ['5-3-1', '5-3-6'], memberAtFault: false });
});

test('an undetermined exception blocks a proposal even when the member is not at fault', () => {
  const evaluation = evaluateLiability(caseFacts({ transactions: [purchase({ origin: 'unknown' })] }));
  assert.deepEqual(evaluation.proposal, { kind: 'blocked', undetermined: ['5-3-6'], memberAtFaultUnknown: false });
});

test('an undetermined exception blocks a proposal even when another exception applies', () => {
  const evaluation = evaluateLiability(
    caseFacts({ falseStatement: 'yes', objectiveMemberUse: { finding: 'yes', reason: undefined } }),
  );
  assert.deepEqual(evaluation.proposal, { kind: 'blocked', undetermined: ['5-3-9'], memberAtFaultUnknown: false });
});

test('an open question of fault blocks a proposal, and says so', () => {
  const evaluation = evaluateLiability(caseFacts({ memberAtFault: 'unknown', usedByRelatedPerson: 'unknown' }));
  assert.deepEqual(evaluation.proposal, { kind: 'blocked', undetermined: ['5-3-2'], memberAtFaultUnknown: true });
  assert.deepEqual(evaluateLiability(caseFacts({ memberAtFault: 'unknown' })).proposal, {
    kind: 'blocked',
    undetermined: [],
    memberAtFaultUnknown: true,
  });
});

test('the member at fault alone: not waived, no clause cited', () => {
  const evaluation = evaluateLiability(caseFacts({ memberAtFault: 'yes' }));
  assert.deepEqual(evaluation.proposal, { kind: 'not_waived', clauses: [], memberAtFault: true });
});

test('property: never waived when any exception applies, and waived exactly when nothing stands in the way', () => {
  fc.assert(
    fc.property(anyCaseFacts, (facts) => {
      const { findings, proposal } = evaluateLiability(facts);
      assert.deepEqual(
        findings.map((f) => f.clause),
        [...CLAUSES],
      );
      const having = (result: string) => findings.filter((f) => f.result === result).map((f) => f.clause);
      if (having('applies').length > 0) assert.notEqual(proposal.kind, 'waived');
      const clear = findings.every((f) => f.result === 'does_not_apply') && facts.memberAtFault === 'no';
      assert.equal(proposal.kind === 'waived', clear);
      if (proposal.kind === 'blocked') assert.deepEqual(proposal.undetermined, having('undetermined'));
      if (proposal.kind === 'not_waived') assert.deepEqual(proposal.clauses, having('applies'));
    }),
    { numRuns: 2000 },
  );
});

test('property: an evaluation is plain JSON (no Date, no NaN), so it can be stored as shown', () => {
  fc.assert(
    fc.property(anyCaseFacts, (facts) => {
      assertPlainJson(evaluateLiability(facts), '$');
    }),
    { numRuns: 500 },
  );
});

test('the generated cases reach all three kinds of proposal', () => {
  const kinds = new Set(
    fc.sample(anyCaseFacts, { numRuns: 500, seed: 8 }).map((f) => evaluateLiability(f).proposal.kind),
  );
  assert.deepEqual([...kinds].sort(), ['blocked', 'not_waived', 'waived']);
});

function assertPlainJson(value: unknown, path: string): void {
  if (typeof value === 'number') {
    assert.ok(Number.isFinite(value), `${path} is ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      assertPlainJson(v, `${path}[${i}]`);
    });
  } else if (typeof value === 'object' && value !== null) {
    assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} is not a plain object`);
    for (const [k, v] of Object.entries(value)) assertPlainJson(v, `${path}.${k}`);
  } else {
    assert.ok(
      ['undefined', 'string', 'boolean'].includes(typeof value) || value === null,
      `${path} is a ${typeof value}`,
    );
  }
}
