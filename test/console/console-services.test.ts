import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import { verifyAuditChain } from '../../src/features/console/service/audit-verify.ts';
import { decideApproval, liftLock, requestDeregistration } from '../../src/features/console/service/member-actions.ts';
import { searchMembers } from '../../src/features/console/service/members.ts';
import { applyEnrollmentEvent } from '../../src/features/enrollment/enrollment.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { appRoleGrantScript } from '../../src/storage/migrations/0003_console.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { consoleDeps, makeOperator } from './support.ts';

forEachDialect('console services', (getDb, dialect) => {
  let keys: KeyRing;
  before(async () => {
    keys = await KeyRing.open(randomBytes(32), keyStore(getDb().db));
  });

  test('finds a member by last four + expiry, lifts a lock, four-eyes deregistration', async () => {
    const { db } = getDb();
    const deps = consoleDeps(db, keys);
    const holder = await seedCardholder(db, keys, { expiry: '2911' });
    const hits = await searchMembers(deps, { by: 'last4', last4: holder.pan.slice(-4), expiry: '11/29' });
    assert.ok(hits.some((h) => h.enetId === holder.enetId));
    assert.ok(hits.every((h) => h.cards.every((c) => c.includes('******'))));
    const byPhone = await searchMembers(deps, { by: 'phone', phone: holder.phone });
    assert.deepEqual(
      byPhone.map((h) => h.enetId),
      [holder.enetId],
    );

    const op1 = await makeOperator(db, keys, 'operator');
    const op2 = await makeOperator(db, keys, 'operator');
    await db.transaction().execute((trx) =>
      applyEnrollmentEvent(trx, {
        enetId: holder.enetId,
        event: { type: 'lost_stolen_reported' },
        actor: 'test',
        at: new Date(),
      }),
    );
    await assert.rejects(liftLock(deps, op1.principal, holder.enetId, 'nope', 'x'), /identity confirmation/);
    await liftLock(deps, op1.principal, holder.enetId, 'callback_registered_number', 'called back');
    const lifted = await db
      .selectFrom('enrollment_events')
      .select(['note', 'actor'])
      .where('enet_id', '=', holder.enetId)
      .where('from_state', '=', 'locked')
      .executeTakeFirstOrThrow();
    assert.match(lifted.note ?? '', /callback_registered_number/);
    assert.equal(lifted.actor, `operator:${op1.principal.id}`);

    const { pendingId } = await requestDeregistration(deps, op1.principal, holder.enetId, '8-1-4', 'terms violation');
    assert.ok(pendingId);
    await assert.rejects(decideApproval(deps, op1.principal, pendingId, 'approved', ''), /requester/);
    await decideApproval(deps, op2.principal, pendingId, 'approved', 'agreed');
    const member = await db
      .selectFrom('members')
      .select(['enrollment', 'enrollment_reason'])
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(member, { enrollment: 'deregistered', enrollment_reason: '8-1-4' });
    assert.ok(deps.kicks >= 1);
  });

  test('audit log: append-only trigger, and verify names a tampered row', async () => {
    const { db } = getDb();
    assert.equal((await verifyAuditChain(db)).ok, true);
    const target = await db
      .selectFrom('audit_log')
      .select(['seq', 'id'])
      .orderBy('seq')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow();
    await assert.rejects(sql`update audit_log set reason = 'x' where seq = ${target.seq}`.execute(db), /append-only/);
    await assert.rejects(sql`delete from audit_log where seq = ${target.seq}`.execute(db), /append-only/);
    // Only the table owner (a DBA, not the application) can switch the trigger off.
    await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(db);
    await sql`update audit_log set reason = 'tampered' where seq = ${target.seq}`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_update_delete`.execute(db);
    const result = await verifyAuditChain(db);
    assert.equal(result.ok, false);
    assert.equal(result.firstBad?.seq, Number(target.seq));
    assert.equal(result.firstBad?.id, target.id);
    assert.equal(result.firstBad?.problem, 'hash_mismatch');
  });

  test('PostgreSQL: the application role cannot UPDATE or DELETE audit rows', {
    skip: dialect !== 'postgres' && 'PostgreSQL only',
  }, async () => {
    const { db } = getDb();
    const role = `ninsho_app_t${process.pid}`;
    await sql
      .raw(`drop role if exists ${role}`)
      .execute(db)
      .catch(() => undefined);
    await sql.raw(`create role ${role} nologin`).execute(db);
    try {
      for (const statement of appRoleGrantScript(role).split(';\n')) {
        if (statement.trim()) await sql.raw(statement).execute(db);
      }
      const asApp = (statement: string) =>
        db.transaction().execute(async (trx) => {
          await sql.raw(`set local role ${role}`).execute(trx);
          return sql.raw(statement).execute(trx);
        });
      await assert.rejects(asApp('update audit_log set reason = null'), /permission denied/);
      await assert.rejects(asApp('delete from audit_log'), /permission denied/);
      const count = await asApp('select count(*) from audit_log');
      assert.equal(count.rows.length, 1);
    } finally {
      await sql.raw(`drop owned by ${role}`).execute(db);
      await sql.raw(`drop role ${role}`).execute(db);
    }
  });
});
