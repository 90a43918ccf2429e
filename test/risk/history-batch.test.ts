import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { provisionPhone } from '../../src/features/issuer-api/issuer-data.ts';
import { statementsSent } from '../../src/storage/database.ts';
import {
  type RiskHistoryKeys,
  RiskHistoryReads,
  readRiskHistories,
  readRiskHistory,
} from '../../src/storage/repositories/risk-history.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer } from '../support/server.ts';
import { markAuthenticated } from './support.ts';

forEachDialect('risk history: the batched read answers as the single-key read', (getDb) => {
  const keys: RiskHistoryKeys[] = [];
  before(async () => {
    const server = await startTestServer(getDb());
    const db = getDb().db;
    const holders = [
      await seedCardholder(db, server.keys),
      await seedCardholder(db, server.keys),
      await seedCardholder(db, server.keys),
    ];
    await server.server.deps.ranges.load();
    // Card 2's member changed phones: an unbound binding and a current one (phone_changed_at).
    const clock = new ManualClock(new Date(Date.now() - 3_600_000));
    await provisionPhone({ db, keys: server.keys, clock }, holders[2]!.enetId, '+819012345678', 'test');
    // Card 0: two purchases, one authenticated; card 1: one on the same browser (another card on the device);
    // card 2: none. The default policy challenges them all; markAuthenticated ends one Y.
    const first = await postAReq(server.url, browserAReq(holders[0]!.pan, { purchaseAmount: '4800' }));
    await markAuthenticated(db, first.json.acsTransID!);
    await postAReq(server.url, browserAReq(holders[0]!.pan, { purchaseAmount: '9800', mcc: '5732' }));
    await postAReq(server.url, browserAReq(holders[1]!.pan));
    const row = await db
      .selectFrom('transactions')
      .select(['risk_device_mac', 'risk_ip_range_mac', 'risk_merchant_mac'])
      .where('acs_trans_id', '=', first.json.acsTransID!)
      .executeTakeFirstOrThrow();
    const at = new Date(Date.now() + 1000);
    for (const h of holders) {
      const base = { cardRef: h.cardRef, enetId: h.enetId, at, windowDays: 90 };
      keys.push(
        {
          ...base,
          deviceMac: row.risk_device_mac,
          ipRangeMac: row.risk_ip_range_mac,
          merchantMac: row.risk_merchant_mac,
        },
        { ...base, deviceMac: null, ipRangeMac: null, merchantMac: null },
        { ...base, deviceMac: 'other-device', ipRangeMac: row.risk_ip_range_mac, merchantMac: 'other-merchant' },
      );
    }
    keys.push({ ...keys[0]!, at: new Date(at.getTime() - 86_400_000 * 2), windowDays: 1 });
    // The service's background jobs stop, so the statement counts below are the reads' own.
    await server.close();
  });

  test('concurrent reads: one statement, each result equal to its single-key read', async () => {
    const db = getDb().db;
    const single = [];
    for (const k of keys) single.push(await readRiskHistory(db, k));
    assert.equal(single[0]?.authenticated, 1, 'the fixture has history to compare');
    assert.equal(single[3]?.device_other_cards, 1, 'and another card on the same device');
    assert.ok(single[6]?.phone_changed_at, 'and a phone change');
    const reads = new RiskHistoryReads(db);
    const before = statementsSent(db).total;
    const batched = await Promise.all(keys.map((k) => reads.read(k)));
    assert.equal(statementsSent(db).total - before, 1);
    for (const [i, row] of batched.entries()) assert.deepEqual(row, single[i], `key ${i}`);
    assert.deepEqual(await readRiskHistories(db, []), []);
  });

  test('a batch larger than its limit is split; at most the in-flight limit of statements run at once', async () => {
    const db = getDb().db;
    const reads = new RiskHistoryReads(db, 4, 1);
    const before = statementsSent(db).total;
    const batched = await Promise.all(keys.map((k) => reads.read(k)));
    assert.equal(statementsSent(db).total - before, Math.ceil(keys.length / 4));
    for (const [i, row] of batched.entries()) assert.deepEqual(row, await readRiskHistory(db, keys[i]!));
  });

  test('a failed statement fails every read in its batch (each AReq then challenges)', async () => {
    const reads = new RiskHistoryReads(getDb().db);
    const bad = { ...keys[0]!, at: new Date(Number.NaN) };
    const results = await Promise.allSettled([reads.read(keys[0]!), reads.read(bad), reads.read(keys[1]!)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.equal((await reads.read(keys[0]!)).authenticated, 1, 'the next batch reads again');
  });
});
