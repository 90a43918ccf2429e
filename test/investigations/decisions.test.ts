import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { disputedTotal, needsApproval } from '../../src/features/investigations/service/amounts.ts';
import { addAttachment } from '../../src/features/investigations/service/attachments.ts';
import { answerAsMember, requestCooperation } from '../../src/features/investigations/service/cooperation.ts';
import {
  closeCase,
  evaluateCase,
  recordDecision,
  reopenCase,
  reviewDecision,
} from '../../src/features/investigations/service/decisions.ts';
import {
  addContact,
  addNote,
  assignCase,
  recordFindings,
  refreshEvidence,
  setTransactionFacts,
} from '../../src/features/investigations/service/facts.ts';
import { forEachDialect } from '../support/databases.ts';
import {
  ALL_NO,
  type CaseWorld,
  caseState,
  caseWorld,
  memberDelivery,
  refused,
  reportedCase,
  transactionIds,
} from './support.ts';

/** Decisions on fraud cases (issue #8 §4): overrides, approvals, closing, reopening, audit. */
forEachDialect('fraud investigation decisions', (getDb) => {
  let w: CaseWorld;
  before(async () => {
    w = await caseWorld(getDb());
  });

  test('an override needs a written reason; below the threshold the decision takes effect and the member is emailed', async () => {
    const { db } = getDb();
    const { holder, caseId } = await reportedCase(w, db, [
      { merchant: 'A', amount: '1000' },
      { merchant: 'B', amount: '2000' },
    ]);
    await memberDelivery(w, caseId);
    await refused(
      recordDecision(w.deps, w.alice, caseId, { outcome: 'waived', reasons: 'goodwill', overrideReason: ' ' }),
      'invalid',
      'override without reason',
    );
    await refused(
      recordDecision(w.deps, w.alice, caseId, { outcome: 'not_waived', reasons: '', overrideReason: '' }),
      'invalid',
      'no reasons',
    );
    const made = await recordDecision(w.deps, w.alice, caseId, {
      outcome: 'not_waived',
      reasons: 'goods went to the member’s home',
      overrideReason: '',
    });
    assert.equal(made.approval, 'not_required');
    assert.equal(await caseState(w, caseId), 'decided');
    const decision = await db
      .selectFrom('investigation_decisions')
      .selectAll()
      .where('id', '=', made.decisionId)
      .executeTakeFirstOrThrow();
    assert.match(decision.text_ja, /規約第5条第3項第6号/);
    assert.match(decision.text_en, /5-3-6/);
    assert.equal(decision.disputed_total, 'JPY 3,000');
    assert.ok(decision.notified_at);
    const mail = await db
      .selectFrom('emails')
      .selectAll()
      .where('to_address', '=', `${holder.enetId}@example.jp`)
      .where('purpose', '=', 'investigation_decision')
      .executeTakeFirstOrThrow();
    assert.match(mail.text_body, /規約第5条第3項第6号/);
    // The override with a reason is accepted (on another case).
    const other = await reportedCase(w, db, [{ merchant: 'C', amount: '500' }]);
    await memberDelivery(w, other.caseId);
    const overridden = await recordDecision(w.deps, w.alice, other.caseId, {
      outcome: 'waived',
      reasons: 'delivery slip forged',
      overrideReason: 'the delivery slip was shown to be forged',
    });
    const row = await db
      .selectFrom('investigation_decisions')
      .select(['override_reason', 'proposal_kind', 'text_ja'])
      .where('id', '=', overridden.decisionId)
      .executeTakeFirstOrThrow();
    assert.equal(row.proposal_kind, 'not_waived');
    assert.match(row.text_ja, /担当者の判断理由：the delivery slip was shown to be forged/);
  });

  test('over the threshold a second, different investigator must approve', async () => {
    const { db } = getDb();
    assert.equal(disputedTotal([{ amount: '100000', currency: '392', exponent: '0' }]).yen, 100000n);
    assert.equal(needsApproval(disputedTotal([{ amount: '100000', currency: '392', exponent: '0' }]), 100000), false);
    assert.equal(needsApproval(disputedTotal([{ amount: '100001', currency: '392', exponent: '0' }]), 100000), true);
    assert.equal(needsApproval(disputedTotal([{ amount: '100', currency: '840', exponent: '2' }]), 100000), true);
    assert.equal(disputedTotal([{ amount: '1234', currency: '840', exponent: '2' }]).label, 'USD 12.34');
    const { caseId } = await reportedCase(w, db, [{ merchant: 'Big', amount: '129800' }]);
    await assignCase(w.deps, w.alice, caseId, w.alice.id);
    const [id] = await transactionIds(w, caseId);
    await setTransactionFacts(w.deps, w.alice, caseId, {
      transactionId: id ?? '',
      delivery: 'unrelated',
      deliveryNote: '',
      origin: 'unrelated',
      originNote: '',
      originPhone: '',
    });
    await recordFindings(w.deps, w.alice, caseId, ALL_NO);
    assert.equal((await evaluateCase(db, caseId, w.clock.now())).proposal.kind, 'waived');
    const made = await recordDecision(w.deps, w.alice, caseId, {
      outcome: 'waived',
      reasons: 'not at fault',
      overrideReason: '',
    });
    assert.equal(made.approval, 'pending');
    assert.equal(await caseState(w, caseId), 'proposed');
    await refused(
      reviewDecision(w.deps, w.alice, caseId, { verdict: 'approved', note: '' }),
      'forbidden',
      'self-approval',
    );
    await refused(
      reviewDecision(w.deps, w.operator, caseId, { verdict: 'approved', note: '' }),
      'forbidden',
      'operator',
    );
    const mails = () => db.selectFrom('emails').select('id').where('purpose', '=', 'investigation_decision').execute();
    const before = (await mails()).length;
    await reviewDecision(w.deps, w.bob, caseId, { verdict: 'approved', note: 'checked' });
    assert.equal(await caseState(w, caseId), 'decided');
    assert.equal((await mails()).length, before + 1);
    const row = await db
      .selectFrom('investigation_decisions')
      .select(['approval_state', 'approver_id'])
      .where('id', '=', made.decisionId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { approval_state: 'approved', approver_id: w.bob.id });
    // The database refuses self-approval too.
    await assert.rejects(
      db
        .updateTable('investigation_decisions')
        .set({ approver_id: w.alice.id })
        .where('id', '=', made.decisionId)
        .execute(),
    );
  });

  test('a closed case refuses every edit, in the services and in the database; reopening keeps history', async () => {
    const { db } = getDb();
    const { holder, caseId } = await reportedCase(w, db, [{ merchant: 'A', amount: '1000' }]);
    await memberDelivery(w, caseId);
    const asked = await requestCooperation(w.deps, w.alice, caseId, { question: 'q', dueOn: '' });
    await answerAsMember(w.deps, holder.enetId, caseId, { requestId: asked.requestId, answer: 'a' }, {});
    const first = await recordDecision(w.deps, w.alice, caseId, {
      outcome: 'not_waived',
      reasons: 'r',
      overrideReason: '',
    });
    await closeCase(w.deps, w.alice, caseId, 'done');
    assert.equal(await caseState(w, caseId), 'closed');
    const [txn] = await transactionIds(w, caseId);
    const edits: [string, () => Promise<unknown>][] = [
      ['assign', () => assignCase(w.deps, w.alice, caseId, w.bob.id)],
      ['findings', () => recordFindings(w.deps, w.alice, caseId, ALL_NO)],
      [
        'transaction facts',
        () =>
          setTransactionFacts(w.deps, w.alice, caseId, {
            transactionId: txn ?? '',
            delivery: 'unknown',
            deliveryNote: '',
            origin: 'unknown',
            originNote: '',
            originPhone: '',
          }),
      ],
      [
        'contact',
        () =>
          addContact(w.deps, w.alice, caseId, {
            kind: 'ip',
            place: 'home',
            owner: 'member',
            value: '192.0.2.1',
            note: 'n',
          }),
      ],
      ['note', () => addNote(w.deps, w.alice, caseId, { kind: 'note', body: 'late note' })],
      ['cooperation', () => requestCooperation(w.deps, w.alice, caseId, { question: 'q', dueOn: '' })],
      [
        'attachment',
        () =>
          addAttachment(w.deps, w.alice, caseId, {
            fileName: 'a.txt',
            contentType: 'text/plain',
            bytes: new TextEncoder().encode('hello'),
            description: '',
          }),
      ],
      ['evidence', () => refreshEvidence(w.deps, w.alice, caseId)],
      [
        'decision',
        () => recordDecision(w.deps, w.alice, caseId, { outcome: 'waived', reasons: 'r', overrideReason: 'o' }),
      ],
      ['close again', () => closeCase(w.deps, w.alice, caseId, '')],
    ];
    for (const [what, edit] of edits) await refused(edit(), 'conflict', what);
    assert.deepEqual(
      await answerAsMember(w.deps, holder.enetId, caseId, { requestId: asked.requestId, answer: 'late' }, {}),
      { ok: false, problem: 'closed' },
    );
    // The database refuses too, whatever the code does.
    const dbEdits: [string, () => Promise<unknown>][] = [
      [
        'case update',
        () => db.updateTable('investigation_cases').set({ summary: 'changed' }).where('id', '=', caseId).execute(),
      ],
      ['case delete', () => db.deleteFrom('investigation_cases').where('id', '=', caseId).execute()],
      [
        'note insert',
        () =>
          db
            .insertInto('investigation_notes')
            .values({ id: 'cnt_x', case_id: caseId, kind: 'note', body: 'x', added_by: 'sql', added_at: new Date() })
            .execute(),
      ],
      [
        'decision update',
        () =>
          db.updateTable('investigation_decisions').set({ reasons: 'changed' }).where('case_id', '=', caseId).execute(),
      ],
      ['event delete', () => db.deleteFrom('investigation_events').where('case_id', '=', caseId).execute()],
      [
        'transaction update',
        () =>
          db
            .updateTable('investigation_transactions')
            .set({ delivery_address: 'unknown' })
            .where('case_id', '=', caseId)
            .execute(),
      ],
    ];
    for (const [what, edit] of dbEdits) await assert.rejects(edit(), /closed|never deleted/, what);

    await refused(reopenCase(w.deps, w.alice, caseId, ' '), 'invalid', 'reopen without a reason');
    await reopenCase(w.deps, w.alice, caseId, 'the member sent new evidence');
    assert.equal(await caseState(w, caseId), 'investigating');
    const old = await db
      .selectFrom('investigation_decisions')
      .select(['superseded_at', 'superseded_reason', 'text_ja'])
      .where('id', '=', first.decisionId)
      .executeTakeFirstOrThrow();
    assert.ok(old.superseded_at);
    assert.equal(old.superseded_reason, 'the member sent new evidence');
    await addNote(w.deps, w.alice, caseId, { kind: 'note', body: 'new evidence arrived' });
    await recordDecision(w.deps, w.alice, caseId, {
      outcome: 'waived',
      reasons: 'new evidence',
      overrideReason: 'forged slip',
    });
    const decisions = await db
      .selectFrom('investigation_decisions')
      .select('id')
      .where('case_id', '=', caseId)
      .execute();
    assert.equal(decisions.length, 2);
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'investigation_case')
      .where('subject_id', '=', caseId)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        'investigation.opened',
        'investigation.assigned',
        'investigation.transaction_facts',
        'investigation.findings',
        'investigation.cooperation_requested',
        'investigation.cooperation_answered',
        'investigation.decision_recorded',
        'investigation.closed',
        'investigation.reopened',
        'investigation.note',
        'investigation.decision_recorded',
      ],
    );
  });
});
