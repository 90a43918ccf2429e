import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../../src/core/clock.ts';
import { provisionPhone } from '../../src/features/issuer-api/issuer-data.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { TRUSTED_NAME_CONTEXT } from '../../src/infra/crypto/seal-contexts.ts';
import type { Db } from '../../src/storage/database.ts';
import { findCardsWithHistory } from '../../src/storage/repositories/auth-lookup.ts';
import { insertCase, updateCaseState } from '../../src/storage/repositories/cases.ts';
import { insertEnrollmentEvent } from '../../src/storage/repositories/members.ts';
import { readRiskHistory } from '../../src/storage/repositories/risk-history.ts';
import {
  deleteMemberTrustedMerchants,
  deleteTrustedMerchant,
  insertTrustedMerchant,
} from '../../src/storage/repositories/trusted-merchants.ts';
import { forEachDialect } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { startTestServer } from '../support/server.ts';

/**
 * The member's risk facts on the member row (migration 0029, kept by triggers) against the same facts read from
 * their tables (`readRiskHistory`), after each kind of write the service makes: the AReq's history read must see
 * exactly what the tables say.
 */
forEachDialect('risk history: the member facts the triggers keep', (getDb, dialect) => {
  let keys: KeyRing;
  const holders: SeededCardholder[] = [];
  before(async () => {
    const server = await startTestServer(getDb());
    keys = server.keys;
    for (let i = 0; i < 3; i++) holders.push(await seedCardholder(getDb().db, keys));
    await server.close();
  });

  /** Every holder's facts as the AReq's lookup reads them equal what the tables say. */
  async function assertFactsAgree(what: string): Promise<void> {
    const db = getDb().db;
    const at = new Date(Date.now() + 1000);
    const risk = { deviceMac: null, ipRangeMac: null, merchantMac: 'merchant-a', at, windowDays: 90 };
    const found = await findCardsWithHistory(
      db,
      holders.map((h) => ({ panMac: keys.mac('pan', h.pan), risk })),
    );
    for (const [i, h] of holders.entries()) {
      const tables = await readRiskHistory(db, { ...risk, cardRef: h.cardRef, enetId: h.enetId });
      assert.deepEqual(found[i]?.history, tables, `${what}: holder ${i}`);
    }
  }

  const trusted = (db: Db, h: SeededCardholder, merchantMac: string) =>
    insertTrustedMerchant(db, {
      id: `tmer_${randomUUID()}`,
      enetId: h.enetId,
      merchantMac,
      merchantNameEnc: keys.encrypt('Shop', TRUSTED_NAME_CONTEXT),
      addedFrom: 'portal',
      acsTransID: null,
      at: new Date(),
    });

  const lostStolen = (db: Db, h: SeededCardholder) =>
    insertEnrollmentEvent(db, {
      id: `enev_${randomUUID()}`,
      enetId: h.enetId,
      fromState: 'enrolled',
      toState: 'locked',
      reason: 'lost_stolen',
      actor: 'test',
      note: null,
      at: new Date(),
    });

  test('each kind of write: phone change, lost/stolen, cases opened and decided, trusted merchants', async () => {
    const db = getDb().db;
    const [a, b, c] = holders as [SeededCardholder, SeededCardholder, SeededCardholder];
    await assertFactsAgree('as seeded');
    const clock = new ManualClock(new Date(Date.now() - 60_000));
    await provisionPhone({ db, keys, clock }, a.enetId, '+819011112222', 'test');
    const changed = await db.selectFrom('members').select('risk_phone_changed_at').where('enet_id', '=', a.enetId);
    assert.ok((await changed.executeTakeFirstOrThrow()).risk_phone_changed_at, 'the phone change is on the row');
    await assertFactsAgree('after a phone change');
    await lostStolen(db, b);
    await assertFactsAgree('after a lost/stolen report');
    const caseId = `case_${randomUUID()}`;
    await insertCase(
      db,
      {
        id: caseId,
        reference: `T-${randomUUID()}`,
        enetId: c.enetId,
        source: 'phone',
        fraudReportId: null,
        reportedAt: new Date(),
        summary: 'test',
        disputeWindowEndsOn: null,
        openedBy: 'test',
        at: new Date(),
      },
      [],
    );
    await assertFactsAgree('after a case was opened');
    assert.ok(await updateCaseState(db, caseId, 'reported', 'decided', new Date()));
    await assertFactsAgree('after the case was decided');
    await trusted(db, a, 'merchant-a');
    await trusted(db, a, 'merchant-b');
    await trusted(db, b, 'merchant-b');
    await assertFactsAgree('after trusted merchants were added');
    const row = await db
      .selectFrom('trusted_merchants')
      .select('id')
      .where('enet_id', '=', a.enetId)
      .where('merchant_mac', '=', 'merchant-a')
      .executeTakeFirstOrThrow();
    assert.ok(await deleteTrustedMerchant(db, a.enetId, row.id));
    await assertFactsAgree('after one was removed');
    await trusted(db, a, 'merchant-a');
    assert.equal(await deleteMemberTrustedMerchants(db, a.enetId), 2);
    await assertFactsAgree("after a member's list was emptied");
    // One statement over two members' bindings (as an import's unbinding is): both members' facts follow.
    await sql`update phone_bindings set unbound_at = now(), unbound_by = 'test', unbound_reason = 'test'
      where enet_id in (${a.enetId}, ${c.enetId}) and unbound_at is null`.execute(db);
    await provisionPhone({ db, keys, clock }, c.enetId, '+819033334444', 'test');
    await assertFactsAgree('after one statement unbound two members');
  });

  test("two writers for one member at once: the second's refresh sees the first's commit", {
    skip: dialect === 'pglite' && 'PGlite has one connection',
  }, async () => {
    const db = getDb().db;
    const h = holders[2] as SeededCardholder;
    let inserted!: () => void;
    const firstWrote = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = db.transaction().execute(async (trx) => {
      await trusted(trx, h, 'merchant-c');
      inserted();
      await gate;
    });
    await firstWrote;
    const second = db.transaction().execute((trx) => lostStolen(trx, h));
    // the second writer's trigger waits for the first writer's lock on the member row
    for (let waited = 0; ; waited += 20) {
      const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      if (waiting.rows[0]?.n === 1) break;
      assert.ok(waited < 5000, 'the second writer never waited for the member row');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    release();
    await Promise.all([first, second]);
    const facts = await db
      .selectFrom('members')
      .select(['risk_lost_stolen', 'risk_trusted_merchants'])
      .where('enet_id', '=', h.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(facts.risk_lost_stolen, true);
    assert.ok(facts.risk_trusted_merchants.includes('merchant-c'), 'the first writer’s merchant is kept');
    await assertFactsAgree('after two concurrent writers');
  });
});
