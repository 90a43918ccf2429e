import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { EnrollmentEvent } from '../../src/core/enrollment.ts';
import { applyEnrollmentEvent } from '../../src/features/enrollment/enrollment.ts';
import { TRUSTED_NAME_CONTEXT } from '../../src/infra/crypto/seal-contexts.ts';
import { newId } from '../../src/infra/ids.ts';
import { withTransaction } from '../../src/storage/database.ts';
import { insertTrustedMerchant } from '../../src/storage/repositories/trusted-merchants.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('leaving the service empties the trusted-merchant list (issue #20 item 5)', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  /** A member with two trusted merchants, as two ticked challenge boxes leave them. */
  async function memberWithTrusted(): Promise<string> {
    const { db } = getDb();
    const holder = await seedCardholder(db, server.keys);
    for (const name of ['ニンショウ書店', 'テスト電器']) {
      const id = newId('tmer');
      await insertTrustedMerchant(db, {
        id,
        enetId: holder.enetId,
        merchantMac: server.keys.mac('risk', `merchant:name:${name}:${id}`),
        merchantNameEnc: server.keys.encrypt(name, TRUSTED_NAME_CONTEXT),
        addedFrom: 'challenge',
        acsTransID: null,
        at: new Date(),
      });
    }
    return holder.enetId;
  }

  async function apply(enetId: string, event: EnrollmentEvent) {
    const { db } = getDb();
    await withTransaction(db, (trx) =>
      applyEnrollmentEvent(trx, { enetId, event, actor: 'operator:test', at: new Date() }),
    );
    const rows = await db.selectFrom('trusted_merchants').select('id').where('enet_id', '=', enetId).execute();
    const audit = await db
      .selectFrom('audit_log')
      .select('after')
      .where('subject_id', '=', enetId)
      .where('action', '=', `enrollment.${event.type}`)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    return { count: rows.length, after: audit.after as { trustedMerchantsRemoved?: number } };
  }

  test('the member unregistering (art. 2-3) deletes the list, counted in the same audit row', async () => {
    const enetId = await memberWithTrusted();
    const { count, after } = await apply(enetId, { type: 'member_unregistered' });
    assert.equal(count, 0);
    assert.equal(after.trustedMerchantsRemoved, 2);
  });

  test('the issuer deregistering (art. 8-1) deletes the list', async () => {
    const enetId = await memberWithTrusted();
    const { count, after } = await apply(enetId, { type: 'deregistered', reason: '8-1-2' });
    assert.equal(count, 0);
    assert.equal(after.trustedMerchantsRemoved, 2);
  });

  test('a lost/stolen lock or a restriction keeps it', async () => {
    const locked = await memberWithTrusted();
    assert.equal((await apply(locked, { type: 'lost_stolen_reported' })).count, 2);
    const restricted = await memberWithTrusted();
    const { count, after } = await apply(restricted, { type: 'restricted', reason: '8-1-1' });
    assert.equal(count, 2);
    assert.equal(after.trustedMerchantsRemoved, undefined);
  });

  test('a refused event changes nothing', async () => {
    const enetId = await memberWithTrusted();
    await apply(enetId, { type: 'lost_stolen_reported' });
    await assert.rejects(apply(enetId, { type: 'member_unregistered' }), /locked/);
    const rows = await getDb().db.selectFrom('trusted_merchants').select('id').where('enet_id', '=', enetId).execute();
    assert.equal(rows.length, 2);
  });
});
