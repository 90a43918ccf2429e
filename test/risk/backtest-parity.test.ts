import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemClock } from '../../src/app/runtime.ts';
import { type BacktestFigures, runBacktest } from '../../src/features/risk/backtest.ts';
import { TRUSTED_NAME_CONTEXT } from '../../src/infra/crypto/seal-contexts.ts';
import { backtestRun } from '../../src/storage/repositories/risk-backtests.ts';
import { insertTrustedMerchant } from '../../src/storage/repositories/trusted-merchants.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { activateDemoRiskPolicy, purchase, rbaTermsInForce, USUAL_PURCHASE as usual } from './support.ts';

/**
 * The backtest's history, rebuilt in memory (src/features/risk/backtest-history.ts), against the AReq path's one
 * statement (src/storage/repositories/risk-history.ts): replaying live traffic under the policy that answered it
 * must give every transaction the answer it got — through a phone change, a lost/stolen lock, a trusted merchant,
 * an open fraud case and a card-testing burst.
 */
forEachDialect('risk backtest: the replayed history matches the AReq path', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb(), { background: false });
  });
  after(() => server.close());

  test('a backtest of the active policy over its own traffic answers as it did', async () => {
    const db = getDb().db;
    const now = new Date();
    const policyId = await activateDemoRiskPolicy(db, await rbaTermsInForce(db, now), now);
    await server.server.deps.riskPolicy.reload();
    const seed = () => seedCardholder(db, server.keys);
    const [holder, trusting, changing, disputing, tester] = [
      await seed(),
      await seed(),
      await seed(),
      await seed(),
      await seed(),
    ];
    await server.server.deps.ranges.load();
    const answers: string[] = [];
    // each member has a browser and a network of their own (the same browser on several cards is card testing)
    const browsers = new Map(
      [holder, trusting, changing, disputing, tester].map((h, i) => [
        h.pan,
        { browserUserAgent: `Mozilla/5.0 (parity ${i})`, browserIP: `198.51.${100 + i}.7` },
      ]),
    );
    const send = async (pan: string, overrides: Record<string, unknown> = usual, version?: '2.3.1') => {
      const own = version ? {} : browsers.get(pan);
      const answer = await purchase(server.url, db, pan, { ...own, ...overrides }, version);
      answers.push(answer.transStatus);
      return answer.acsTransID;
    };
    // each card stays under the card-testing limit (5 AReqs an hour) so the signal it shows decides
    const first = await send(holder.pan); // a new device: challenged, then authenticated
    await send(holder.pan); // the usual browser: frictionless
    await send(holder.pan, usual, '2.3.1'); // another device
    await send(holder.pan, { ...usual, purchaseAmount: '150000' }); // above the frictionless limit

    await send(trusting.pan);
    const merchant = await db
      .selectFrom('transactions')
      .select('risk_merchant_mac')
      .where('acs_trans_id', '=', first)
      .executeTakeFirstOrThrow();
    await insertTrustedMerchant(db, {
      id: `tmer_parity_${trusting.enetId}`,
      enetId: trusting.enetId,
      merchantMac: merchant.risk_merchant_mac!,
      merchantNameEnc: server.keys.encrypt('テスト商店', TRUSTED_NAME_CONTEXT),
      addedFrom: 'portal',
      acsTransID: null,
      at: new Date(),
    });
    await send(trusting.pan);
    await db
      .insertInto('enrollment_events')
      .values({
        id: `ee_parity_${trusting.enetId}`,
        enet_id: trusting.enetId,
        from_state: 'active',
        to_state: 'active',
        reason: 'lost_stolen',
        actor: 'test',
        note: null,
        at: new Date(),
      })
      .execute();
    await send(trusting.pan);

    // the phone number changes: the binding in force replaces the first one (challenged within the cooldown)
    await send(changing.pan);
    const binding = await db
      .selectFrom('phone_bindings')
      .selectAll()
      .where('enet_id', '=', changing.enetId)
      .executeTakeFirstOrThrow();
    const changedAt = new Date();
    await db
      .updateTable('phone_bindings')
      .set({ unbound_at: changedAt, unbound_by: 'test', unbound_reason: 'changed' })
      .where('id', '=', binding.id)
      .execute();
    await db
      .insertInto('phone_bindings')
      .values({
        ...binding,
        id: `${binding.id}_2`,
        phone_mac: `${binding.phone_mac}_2`,
        bound_at: changedAt,
        unbound_at: null,
        unbound_by: null,
        unbound_reason: null,
      })
      .execute();
    await send(changing.pan);

    // an open fraud case (+40): a purchase that would be frictionless is challenged
    await send(disputing.pan);
    await send(disputing.pan);
    await db
      .insertInto('investigation_cases')
      .values({
        id: `case_parity_${disputing.enetId}`,
        reference: `C-PARITY-${disputing.enetId}`,
        enet_id: disputing.enetId,
        source: 'phone',
        fraud_report_id: null,
        state: 'investigating',
        assignee_id: null,
        reported_at: new Date(),
        summary: '身に覚えのない利用',
        dispute_window_ends_on: null,
        opened_by: 'test',
        opened_at: new Date(),
        updated_at: new Date(),
        closed_at: null,
      })
      .execute();
    await send(disputing.pan, { ...usual, purchaseAmount: '30000' });
    for (let i = 0; i < 7; i++) await send(tester.pan, { ...usual, purchaseAmount: String(100 + i) });
    assert.ok(answers.includes('Y') && answers.includes('N') && answers.includes('C'), answers.join());

    const id = await runBacktest({ db, clock: systemClock, keys: server.keys }, 'operator:admin-a', {
      policyId,
      days: 1,
    });
    const f = (await backtestRun(db, id))?.figures as BacktestFigures;
    const live = await db
      .selectFrom('transactions')
      .select(['risk_decision', 'risk_score', 'risk_rule'])
      .where(
        'card_ref',
        'in',
        [holder, trusting, changing, disputing, tester].map((h) => h.cardRef),
      )
      .orderBy('created_at')
      .execute();
    assert.deepEqual(f.draft, f.actual, JSON.stringify(live));
    for (const answered of ['frictionless', 'challenge', 'refuse'] as const) {
      const row = f.moves[answered];
      assert.equal(
        row[answered],
        f.actual[answered],
        `${answered}: ${JSON.stringify(f.moves)} ${JSON.stringify(live)}`,
      );
    }
    assert.equal(f.actual.frictionless + f.actual.challenge + f.actual.refuse, 19);
    const rules = live.map((r) => r.risk_rule);
    for (const rule of ['new_device', 'amount_limit', 'phone_cooldown', 'card_testing', null]) {
      assert.ok(rules.includes(rule), `${rule} decided one: ${JSON.stringify(live)}`);
    }
  });
});
