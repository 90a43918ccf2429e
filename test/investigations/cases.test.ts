import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import { answerAsMember, requestCooperation } from '../../src/features/investigations/service/cooperation.ts';
import {
  closeCase,
  evaluateCase,
  recordDecision,
  reopenCase,
  reviewDecision,
} from '../../src/features/investigations/service/decisions.ts';
import { declareDisaster } from '../../src/features/investigations/service/disasters.ts';
import type { EvidenceSnapshot } from '../../src/features/investigations/service/evidence-types.ts';
import { addContact, assignCase, setTransactionFacts } from '../../src/features/investigations/service/facts.ts';
import { openCaseByInvestigator } from '../../src/features/investigations/service/open.ts';
import { CASE_STATES, CASE_TRANSITIONS, canMove } from '../../src/features/investigations/service/states.ts';
import { recordStatementNotice } from '../../src/features/issuer-api/issuer-data.ts';
import { forEachDialect } from '../support/databases.ts';
import {
  type CaseWorld,
  caseState,
  caseWorld,
  memberDelivery,
  refused,
  reportedCase,
  transactionIds,
} from './support.ts';

forEachDialect('fraud investigation cases', (getDb) => {
  let w: CaseWorld;
  before(async () => {
    w = await caseWorld(getDb());
  });

  test('the transition table: every state listed, illegal moves refused', () => {
    assert.deepEqual(Object.keys(CASE_TRANSITIONS).sort(), [...CASE_STATES].sort());
    assert.ok(canMove('reported', 'investigating'));
    assert.ok(canMove('closed', 'investigating'));
    assert.ok(!canMove('reported', 'decided'));
    assert.ok(!canMove('closed', 'decided'));
    assert.ok(!canMove('investigating', 'closed'));
    assert.ok(!canMove('decided', 'proposed'));
  });

  test('a portal report opens a case with the evidence gathered; audit and timeline written', async () => {
    const { db } = getDb();
    const { holder, caseId, reference, acsTransIds } = await reportedCase(w, db, [
      { merchant: 'テスト書店', amount: '3520' },
      { merchant: 'Example Electronics', amount: '12800' },
    ]);
    assert.match(reference, /^INV-2026-\d{6}$/);
    const row = await db
      .selectFrom('investigation_cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'reported');
    assert.equal(row.source, 'portal');
    assert.equal(row.enet_id, holder.enetId);
    // 120 days from the earliest purchase (JST), FRAUD_DISPUTE_WINDOW_DAYS.
    const window = await sql<{ d: string }>`select to_char(dispute_window_ends_on, 'YYYY-MM-DD') as d
      from investigation_cases where id = ${caseId}`.execute(db);
    assert.equal(window.rows[0]?.d, '2027-03-15');
    const evidence = await db
      .selectFrom('investigation_evidence')
      .select('snapshot')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const snap = evidence.snapshot as EvidenceSnapshot;
    assert.deepEqual(snap.transactions.map((t) => t.acsTransId).sort(), [...acsTransIds].sort());
    const t = snap.transactions[0];
    assert.ok(t);
    assert.equal(t.transStatus, 'Y');
    assert.equal(t.eci, '05');
    assert.equal(t.cavv, 'AAAB…AAA=');
    assert.equal(t.authenticationType, '02');
    assert.equal(t.browserIp, '198.51.100.7');
    assert.equal(t.otpCodes.length, 1);
    assert.ok(t.otpCodes[0]?.usedAt);
    assert.equal(t.sms[0]?.toMasked, '090-****-0000');
    assert.equal(t.sms[0]?.status, 'delivered');
    assert.equal(t.device?.facts['device.screen'], '390x844');
    assert.equal(t.messages[0]?.fields.shipAddrCity, '渋谷区');
    assert.equal(t.messages[0]?.fields.mobilePhone, undefined, 'phone numbers in messages are not copied');
    assert.equal(t.events.length, 2);
    assert.match(snap.phone.current?.masked ?? '', /\*\*\*\*/);
    assert.equal(snap.terms[0]?.version, '2024-05-31');
    const json = JSON.stringify(snap);
    assert.ok(!json.includes(holder.phone) && !json.includes(holder.phone.slice(3)), 'no full phone number');
    assert.ok(!json.includes(holder.pan), 'no PAN');
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'investigation_case')
      .where('subject_id', '=', caseId)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['investigation.opened'],
    );
    const events = await db.selectFrom('investigation_events').select('kind').where('case_id', '=', caseId).execute();
    assert.deepEqual(
      events.map((e) => e.kind),
      ['opened'],
    );
  });

  test('illegal transitions are refused by the services', async () => {
    const { db } = getDb();
    const { caseId } = await reportedCase(w, db, [{ merchant: 'A', amount: '1000' }]);
    await refused(closeCase(w.deps, w.alice, caseId, ''), 'conflict', 'close a reported case');
    await refused(
      recordDecision(w.deps, w.alice, caseId, { outcome: 'waived', reasons: 'x', overrideReason: 'y' }),
      'conflict',
      'decide a reported case',
    );
    await refused(
      requestCooperation(w.deps, w.alice, caseId, { question: 'q', dueOn: '' }),
      'conflict',
      'ask before assigning',
    );
    await refused(reopenCase(w.deps, w.alice, caseId, 'why'), 'conflict', 'reopen an undecided case');
    await refused(
      reviewDecision(w.deps, w.bob, caseId, { verdict: 'approved', note: '' }),
      'conflict',
      'approve nothing',
    );
    await refused(assignCase(w.deps, w.operator, caseId, w.alice.id), 'forbidden', 'an operator assigns');
    await refused(assignCase(w.deps, w.alice, caseId, w.operator.id), 'invalid', 'assign to a non-investigator');
    assert.equal(await caseState(w, caseId), 'reported');
  });

  test('facts map to the engine: a member delivery gives "not waived, 5-3-6"; a known IP sets the origin', async () => {
    const { db } = getDb();
    const { caseId } = await reportedCase(w, db, [
      { merchant: 'A', amount: '1000', browserIp: '192.0.2.44' },
      { merchant: 'B', amount: '2000' },
    ]);
    const fresh = await evaluateCase(db, caseId, w.clock.now());
    assert.equal(fresh.proposal.kind, 'blocked');
    await memberDelivery(w, caseId);
    const evaluation = await evaluateCase(db, caseId, w.clock.now());
    assert.deepEqual(evaluation.proposal, { kind: 'not_waived', clauses: ['5-3-6'], memberAtFault: false });
    // A related person's home IP matching the first purchase's browser IP (art. 5-3-6 "originating IP").
    await addContact(w.deps, w.alice, caseId, {
      kind: 'ip',
      place: 'home',
      owner: 'related_person',
      value: '192.0.2.44',
      note: 'provider records',
    });
    const [first] = await transactionIds(w, caseId);
    await setTransactionFacts(w.deps, w.alice, caseId, {
      transactionId: first ?? '',
      delivery: 'unrelated',
      deliveryNote: '',
      origin: 'unknown',
      originNote: '',
      originPhone: '',
    });
    const matched = await evaluateCase(db, caseId, w.clock.now());
    const clause = matched.findings.find((f) => f.clause === '5-3-6');
    assert.equal(clause?.result, 'applies');
    assert.ok(clause?.facts.some((f) => f.name === 'origin' && f.value === 'related_person'));
    // Phone numbers are stored encrypted with a MAC and only shown masked.
    await addContact(w.deps, w.alice, caseId, {
      kind: 'phone',
      place: 'work',
      owner: 'member',
      value: '03-1234-5678',
      note: 'employer',
    });
    const phone = await db
      .selectFrom('investigation_contacts')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('kind', '=', 'phone')
      .executeTakeFirstOrThrow();
    assert.equal(phone.phone_masked, '03-****-5678');
    assert.ok(phone.phone_enc?.startsWith('e1.'));
    assert.equal(w.keys.decrypt(phone.phone_enc ?? '', 'phone'), '+81312345678');
    await refused(
      addContact(w.deps, w.alice, caseId, {
        kind: 'ip',
        place: 'home',
        owner: 'member',
        value: '999.1.1.1',
        note: 'x',
      }),
      'invalid',
      'bad IP',
    );
    // Art. 5-3-8: a declared period covering the purchases applies.
    await declareDisaster(w.deps, w.alice, {
      name: '訓練用の宣言',
      startsAt: '2026-11-01T00:00',
      endsAt: '2026-11-30T00:00',
      note: 'test',
    });
    const disaster = await evaluateCase(db, caseId, w.clock.now());
    assert.equal(
      disaster.findings.find((f) => f.clause === '5-3-8')?.result,
      'applies',
      JSON.stringify(disaster.findings),
    );
    await db.updateTable('disaster_periods').set({ withdrawn_at: w.clock.now() }).execute();
  });

  test('cooperation: request emails the member, the answer resumes the case; only the member’s own case', async () => {
    const { db } = getDb();
    const { holder, caseId } = await reportedCase(w, db, [{ merchant: 'A', amount: '1000' }]);
    await assignCase(w.deps, w.alice, caseId, w.alice.id);
    const asked = await requestCooperation(w.deps, w.alice, caseId, { question: '配送先に心当たりは？', dueOn: '' });
    assert.equal(asked.dueOn, '2026-12-09');
    assert.equal(await caseState(w, caseId), 'awaiting_member');
    const mail = await db
      .selectFrom('emails')
      .select('text_body')
      .where('to_address', '=', `${holder.enetId}@example.jp`)
      .where('purpose', '=', 'investigation_cooperation')
      .executeTakeFirstOrThrow();
    assert.match(mail.text_body, /2026年12月9日/);
    const other = await reportedCase(w, db, [{ merchant: 'B', amount: '1000' }]);
    await refused(
      answerAsMember(w.deps, other.holder.enetId, caseId, { requestId: asked.requestId, answer: 'x' }, {}),
      'not_found',
      'another member',
    );
    assert.deepEqual(
      await answerAsMember(w.deps, holder.enetId, caseId, { requestId: asked.requestId, answer: ' ' }, {}),
      {
        ok: false,
        problem: 'answer',
      },
    );
    assert.deepEqual(
      await answerAsMember(w.deps, holder.enetId, caseId, { requestId: asked.requestId, answer: 'ありません' }, {}),
      { ok: true },
    );
    assert.equal(await caseState(w, caseId), 'investigating');
    assert.deepEqual(
      await answerAsMember(w.deps, holder.enetId, caseId, { requestId: asked.requestId, answer: 'again' }, {}),
      { ok: false, problem: 'answered' },
    );
  });

  test('an investigator opens a case for a phone report, with a purchase we never saw', async () => {
    const { db } = getDb();
    const { holder } = await reportedCase(w, db, [{ merchant: 'A', amount: '1000' }]);
    await recordStatementNotice(
      { db, keys: w.keys, clock: w.clock },
      holder.enetId,
      { noticeDate: '2026-11-10', channel: 'email' },
      'test',
    );
    const described = {
      purchasedOn: '2026-11-03',
      merchantName: 'Phone Shop',
      amount: '12.34',
      currency: 'USD',
      description: '',
    };
    const input = {
      enetId: holder.enetId,
      source: 'phone',
      reportedAt: '',
      summary: '電話で届出',
      acsTransIds: [],
      described: [described],
    };
    await refused(openCaseByInvestigator(w.deps, w.operator, input), 'forbidden', 'operator opens');
    await refused(openCaseByInvestigator(w.deps, w.alice, { ...input, described: [] }), 'invalid', 'no transactions');
    await refused(
      openCaseByInvestigator(w.deps, w.alice, {
        ...input,
        described: [{ ...described, purchasedOn: '2026-02-30' }],
      }),
      'invalid',
      'a date that does not exist',
    );
    await refused(
      openCaseByInvestigator(w.deps, w.alice, { ...input, acsTransIds: ['00000000-0000-4000-8000-000000000000'] }),
      'invalid',
      'someone else’s transaction',
    );
    const made = await openCaseByInvestigator(w.deps, w.alice, input);
    const txn = await db
      .selectFrom('investigation_transactions')
      .selectAll()
      .where('case_id', '=', made.caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([txn.acs_trans_id, txn.amount, txn.currency, txn.exponent], [null, '1234', '840', '2']);
    const snap = (
      await db
        .selectFrom('investigation_evidence')
        .select('snapshot')
        .where('case_id', '=', made.caseId)
        .executeTakeFirstOrThrow()
    ).snapshot as EvidenceSnapshot;
    assert.deepEqual(snap.statementNotices, [{ noticeDate: '2026-11-10', channel: 'email' }]);
  });
});
