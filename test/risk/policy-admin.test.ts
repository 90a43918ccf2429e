import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { ServiceError } from '../../src/core/errors.ts';
import { CHALLENGE_ALL_POLICY, DEMO_RISK_POLICY } from '../../src/core/risk/policies.ts';
import { ActiveRiskPolicy } from '../../src/features/risk/policy.ts';
import {
  createRiskPolicyDraft,
  decideRiskPolicyActivation,
  requestRiskPolicyActivation,
} from '../../src/features/risk/policy-admin.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { activeRiskPolicyRow } from '../../src/storage/repositories/risk-policies.ts';
import { forEachDialect } from '../support/databases.ts';
import { rbaTermsInForce } from './support.ts';

const rejects = (code: string, field?: string) => (err: unknown) =>
  err instanceof ServiceError && err.code === code && (field === undefined || err.field === field);

forEachDialect('risk policies: drafts, four-eyes activation, terms in force', (getDb) => {
  let deps: Parameters<typeof decideRiskPolicyActivation>[0];
  const logger = createLogger('silent');
  let reloads = 0;
  before(() => {
    deps = {
      db: getDb().db,
      clock: new ManualClock(new Date()),
      policyChanged: async () => {
        reloads++;
      },
    };
  });

  test('the challenge-everything policy is active from the start', async () => {
    const row = await activeRiskPolicyRow(getDb().db);
    assert.equal(row?.version, 1);
    assert.deepEqual(row?.body, CHALLENGE_ALL_POLICY);
  });

  test('an invalid body is refused naming the field', async () => {
    await assert.rejects(
      createRiskPolicyDraft(deps, 'operator:a', {
        name: 'x',
        nameEn: 'x',
        body: { ...DEMO_RISK_POLICY, frictionlessBelow: 'low' },
        termsVersionId: null,
      }),
      rejects('invalid', 'frictionlessBelow'),
    );
  });

  test('a risk policy needs its terms in force, and a second admin', async () => {
    const db = getDb().db;
    const draft = { name: 'RBA', nameEn: 'RBA', body: DEMO_RISK_POLICY };
    const without = await createRiskPolicyDraft(deps, 'operator:a', { ...draft, termsVersionId: null });
    await assert.rejects(
      requestRiskPolicyActivation(deps, 'operator:a', without),
      rejects('conflict', 'termsVersionId'),
    );

    const terms = await rbaTermsInForce(db, deps.clock.now());
    const id = await createRiskPolicyDraft(deps, 'operator:a', { ...draft, termsVersionId: terms });
    await requestRiskPolicyActivation(deps, 'operator:a', id);
    await assert.rejects(requestRiskPolicyActivation(deps, 'operator:a', id), rejects('conflict'));
    await assert.rejects(decideRiskPolicyActivation(deps, 'operator:a', id, 'approved'), rejects('forbidden'));
    assert.equal((await activeRiskPolicyRow(db))?.version, 1);

    await decideRiskPolicyActivation(deps, 'operator:b', id, 'approved');
    const active = await activeRiskPolicyRow(db);
    assert.deepEqual([active?.id, active?.activated_by, active?.requested_by], [id, 'operator:b', 'operator:a']);
    assert.equal(reloads, 1);
    await assert.rejects(decideRiskPolicyActivation(deps, 'operator:c', id, 'approved'), rejects('conflict'));

    const cache = new ActiveRiskPolicy(db, logger, CHALLENGE_ALL_POLICY);
    await cache.reload();
    assert.deepEqual(cache.current(), { version: active?.version, policy: DEMO_RISK_POLICY });

    const audited = await db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audited.map((a) => a.action),
      ['risk.policy_drafted', 'risk.policy_activation_requested', 'risk.policy_activation_approved'],
    );
  });

  test('new terms that no longer describe the active risk policy turn it off on every node', async () => {
    const db = getDb().db;
    const cache = new ActiveRiskPolicy(db, logger, CHALLENGE_ALL_POLICY);
    await rbaTermsInForce(db, new Date(deps.clock.now().getTime() + 3_600_000), 'terms_without_rba');
    await cache.reload();
    assert.deepEqual(cache.current(), { version: 0, policy: CHALLENGE_ALL_POLICY });
  });
});
