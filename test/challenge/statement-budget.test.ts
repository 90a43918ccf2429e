import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { statementsSent } from '../../src/storage/database.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The SQL statements of one full browser challenge (issue 19 item 4): AReq, CReq page, SMS sent, OTP submit,
 * final CRes, RReq delivered and acknowledged, each `begin` and `commit` counted. The ceilings are what the code
 * reaches today, so a change that adds statements to the challenge fails here and has to say why. Per step (issue
 * 19, docs/performance.md): AReq 2, first CReq 5, SMS job 2, OTP submit 6, RReq job 1 (the SMS and RReq jobs
 * are created already claimed by the request that runs them: no claim statement).
 */
const AREQ_CEILING = 2;
const CHALLENGE_CEILING = 16;
/** A ticked trusted-merchant box (issue #20 item 5, docs/risk.md) adds its one insert; an unticked one adds none. */
const TRUSTED_CHALLENGE_CEILING = CHALLENGE_CEILING + 1;

forEachDialect('statements per challenge', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  before(async () => {
    ds = await new DsPeer().start();
    // No background work: every statement counted comes from the challenge's own requests and dispatches.
    server = await startTestServer(getDb(), { env: { DS_RREQ_URL: ds.url }, background: false });
  });
  after(async () => {
    await server.close();
    await ds.stop();
  });

  const sent = () => statementsSent(getDb().db).total;
  /** The work a request left running (the SMS it dispatched, the RReq's record) has finished. */
  async function settled(): Promise<void> {
    let last = sent();
    for (;;) {
      await new Promise((r) => setTimeout(r, 150));
      if (sent() === last) return;
      last = sent();
    }
  }

  test('one browser challenge stays within its statement budget, and /metrics counts them', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    // A first AReq warms the card-range cache and the key ring; the budget is the steady state.
    await new ChallengeClient(server.url).areq(holder.pan);
    await settled();

    const client = new ChallengeClient(server.url);
    // The risk policy is re-read at most every 2 s (RISK_POLICY_REFRESH_MS), by the AReq that finds it stale: read
    // it now, or on a slow machine the measured AReq pays that read.
    await server.server.deps.riskPolicy.reload();
    const start = sent();
    const ares = await client.areq(holder.pan);
    assert.equal(ares.transStatus, 'C');
    const areqStatements = sent() - start;
    assert.equal((await client.creq()).status, 200);
    await settled();
    const beforeRead = sent();
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    const ownReads = sent() - beforeRead;
    await client.submit(holder.enetId, code);
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    await settled();
    const total = sent() - start - ownReads;

    assert.equal(ds.forTransaction(client.acsTransID).length, 1, 'the RReq was delivered once');
    const state = await getDb()
      .db.selectFrom('transactions')
      .select('state')
      .where('acs_trans_id', '=', client.acsTransID)
      .executeTakeFirstOrThrow();
    assert.equal(state.state, 'result_acknowledged', 'its RRes was recorded');
    const note = `AReq ${areqStatements}, whole challenge ${total} statements`;
    console.log(`# ${getDb().dialect}: ${note}`);
    assert.ok(areqStatements <= AREQ_CEILING, note);
    assert.ok(total <= CHALLENGE_CEILING, note);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const line = new RegExp(`^ninsho_db_statements_total\\{dialect="${getDb().dialect}"\\} (\\d+)$`, 'm').exec(metrics);
    assert.ok(line && Number(line[1]) >= total, metrics.slice(0, 200));
  });

  test('a ticked trusted-merchant box costs one statement more, and only then', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    await new ChallengeClient(server.url).areq(holder.pan);
    await settled();
    const offer = { whiteListStatus: 'N', whiteListStatusSource: '01' };
    const totals: number[] = [];
    for (const tick of [false, true]) {
      const client = new ChallengeClient(server.url);
      await server.server.deps.riskPolicy.reload(); // as above: its 2 s refresh must not fall into the count
      const start = sent();
      await client.areq(holder.pan, '2.2.0', offer);
      assert.equal((await client.creq()).status, 200);
      await settled();
      const beforeRead = sent();
      const code = await latestCode(getDb().db, server.keys, client.acsTransID);
      const ownReads = sent() - beforeRead;
      const fields: Record<string, string> = {
        token: client.token,
        enetId: holder.enetId,
        otp: code,
        action: 'submit',
      };
      if (tick) fields.trustMerchant = '1';
      await client.post(fields);
      assert.equal(client.finalCRes()?.transStatus, 'Y');
      await settled();
      totals.push(sent() - start - ownReads);
    }
    const [unticked = 0, ticked = 0] = totals;
    const note = `offered, unticked ${unticked}, ticked ${ticked} statements`;
    console.log(`# ${getDb().dialect}: ${note}`);
    assert.ok(unticked <= CHALLENGE_CEILING, note);
    assert.ok(ticked <= TRUSTED_CHALLENGE_CEILING, note);
  });
});
