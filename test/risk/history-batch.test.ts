import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { provisionPhone } from '../../src/features/issuer-api/issuer-data.ts';
import { statementsSent } from '../../src/storage/database.ts';
import { CardLookups, findCardsWithHistory } from '../../src/storage/repositories/auth-lookup.ts';
import { type RiskHistoryKeys, readRiskHistory } from '../../src/storage/repositories/risk-history.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer } from '../support/server.ts';
import { markAuthenticated } from './support.ts';

forEachDialect('risk history: the card lookup reads it with the card, as the single-key read does', (getDb) => {
  const keys: RiskHistoryKeys[] = [];
  /** Each key's card, by PAN MAC, as the AReq looks it up. */
  const panMacs: string[] = [];
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
    // Card 0: four purchases, three authenticated; card 1: one on the same browser (another card on the device);
    // card 2: none. The default policy challenges them all; markAuthenticated ends one Y.
    const first = await postAReq(server.url, browserAReq(holders[0]!.pan, { purchaseAmount: '4800' }));
    await markAuthenticated(db, first.json.acsTransID!);
    await postAReq(server.url, browserAReq(holders[0]!.pan, { purchaseAmount: '9800', mcc: '5732' }));
    // two more authenticated, one in English: the languages come back once each, sorted, however stored
    for (const browserLanguage of ['en-US', 'ja-JP']) {
      const more = await postAReq(
        server.url,
        browserAReq(holders[0]!.pan, { purchaseAmount: '1200', browserLanguage }),
      );
      await markAuthenticated(db, more.json.acsTransID!);
    }
    await postAReq(server.url, browserAReq(holders[1]!.pan));
    const row = await db
      .selectFrom('transactions')
      .select(['risk_device_mac', 'risk_ip_range_mac', 'risk_merchant_mac'])
      .where('acs_trans_id', '=', first.json.acsTransID!)
      .executeTakeFirstOrThrow();
    const at = new Date(Date.now() + 1000);
    for (const h of holders) {
      const base = { cardRef: h.cardRef, enetId: h.enetId, at, windowDays: 90 };
      const panMac = server.keys.mac('pan', h.pan);
      panMacs.push(panMac, panMac, panMac);
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
    panMacs.push(panMacs[0]!);
    // The service's background jobs stop, so the statement counts below are the reads' own.
    await server.close();
  });

  const riskKeys = ({ cardRef: _c, enetId: _e, ...k }: RiskHistoryKeys) => k;

  test('concurrent lookups: one statement, each card with the history its single-key read finds', async () => {
    const db = getDb().db;
    const single = [];
    for (const k of keys) single.push(await readRiskHistory(db, k));
    assert.equal(single[0]?.authenticated, 3, 'the fixture has history to compare');
    assert.deepEqual(single[0]?.languages, ['en', 'ja'], 'in two languages, one of them twice');
    assert.equal(single[3]?.device_other_cards, 1, 'and another card on the same device');
    assert.ok(single[6]?.phone_changed_at, 'and a phone change');
    const lookups = new CardLookups(db);
    const before = statementsSent(db).total;
    const found = await Promise.all(keys.map((k, i) => lookups.find(panMacs[i]!, riskKeys(k))));
    assert.equal(statementsSent(db).total - before, 1);
    for (const [i, card] of found.entries()) {
      assert.equal(card?.card_ref, keys[i]!.cardRef, `key ${i}`);
      assert.equal(card?.enet_id, keys[i]!.enetId, `key ${i}`);
      assert.deepEqual(card?.history, single[i], `key ${i}`);
    }
    assert.deepEqual(await findCardsWithHistory(db, []), []);
  });

  test('without history keys the lookup is as before; an unknown card is not found; a mixed batch is one statement', async () => {
    const db = getDb().db;
    const lookups = new CardLookups(db);
    const plain = await lookups.find(panMacs[0]!);
    assert.equal(plain?.card_ref, keys[0]!.cardRef);
    assert.equal(plain?.history, undefined);
    const before = statementsSent(db).total;
    const [withHistory, without, unknown] = await Promise.all([
      lookups.find(panMacs[0]!, riskKeys(keys[0]!)),
      lookups.find(panMacs[3]!),
      lookups.find('no-such-card', riskKeys(keys[0]!)),
    ]);
    assert.equal(statementsSent(db).total - before, 1);
    assert.deepEqual(withHistory?.history, await readRiskHistory(db, keys[0]!));
    assert.deepEqual(without, { ...(await lookups.find(panMacs[3]!)) });
    assert.equal(without?.history, undefined);
    assert.equal(unknown, undefined);
  });

  test('a batch larger than its limit is split', async () => {
    const db = getDb().db;
    const lookups = new CardLookups(db, 4);
    const before = statementsSent(db).total;
    const found = await Promise.all(keys.map((k, i) => lookups.find(panMacs[i]!, riskKeys(k))));
    assert.equal(statementsSent(db).total - before, Math.ceil(keys.length / 4));
    for (const [i, card] of found.entries()) assert.deepEqual(card?.history, await readRiskHistory(db, keys[i]!));
  });

  test("a failed combined read: the batch's cards are looked up alone, without history (each AReq then challenges)", async () => {
    const db = getDb().db;
    const lookups = new CardLookups(db);
    const bad = { ...riskKeys(keys[0]!), deviceMac: 'a NUL the database refuses: \u0000' };
    const before = statementsSent(db).total;
    const found = await Promise.all([
      lookups.find(panMacs[0]!, riskKeys(keys[0]!)),
      lookups.find(panMacs[0]!, bad),
      lookups.find(panMacs[3]!, riskKeys(keys[3]!)),
    ]);
    assert.deepEqual(
      found.map((c) => [c?.card_ref, c?.history]),
      [
        [keys[0]!.cardRef, undefined],
        [keys[0]!.cardRef, undefined],
        [keys[3]!.cardRef, undefined],
      ],
    );
    assert.equal(statementsSent(db).total - before, 2, 'the combined read, then the cards alone');
    assert.equal(
      (await lookups.find(panMacs[0]!, riskKeys(keys[0]!)))?.history?.authenticated,
      3,
      'the next batch reads again',
    );
  });
});
