import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  AUDIT_ACTION_LABELS,
  auditActionFilterOf,
  auditActionLabel,
  auditSubjectLabel,
} from '../../src/core/audit-labels.ts';
import { labelOf, SESSION_END_LABELS, unboundReasonLabel } from '../../src/core/labels.ts';

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Every `action: '…'` written straight into appendAudit, and every subject type, read from the sources. */
function literalAuditCodes(): { actions: Set<string>; subjects: Set<string> } {
  const actions = new Set<string>();
  const subjects = new Set<string>();
  for (const file of globSync('**/*.{ts,tsx}', { cwd: SRC })) {
    if (file.endsWith('.test.ts')) continue;
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const m of text.matchAll(/subjectType: '([a-z_]+)'/g)) subjects.add(m[1] ?? '');
    if (!text.includes('appendAudit(')) continue;
    for (const m of text.matchAll(/action: (?:\w+ \? )?'([a-z_.]+)'(?: : '([a-z_.]+)')?/g)) {
      if (m[1]?.includes('.')) actions.add(m[1]);
      if (m[2]?.includes('.')) actions.add(m[2]);
    }
  }
  return { actions, subjects };
}

test('every audit action written literally, and every subject type, has words in both languages', () => {
  const { actions, subjects } = literalAuditCodes();
  assert.ok(actions.size > 30, `found ${actions.size} literal actions`);
  const missing = [...actions].filter((a) => !Object.hasOwn(AUDIT_ACTION_LABELS, a));
  assert.deepEqual(missing, [], 'add these to AUDIT_ACTION_LABELS');
  const unnamed = [...subjects].filter((x) => auditSubjectLabel(x, 'id', 'ja') === `${x} id`);
  assert.deepEqual(unnamed, [], 'add these to AUDIT_SUBJECT_LABELS');
});

test('actions built from a variable: each value the code can produce has words', () => {
  const built = [
    ...[
      'phone_bound',
      'lost_stolen_reported',
      'lock_lifted',
      'member_unregistered',
      'restricted',
      'deregistered',
      'reinstated',
    ].map((e) => `enrollment.${e}`),
    ...['sign_in', 'reauth', 'sign_out', 'sign_out_everywhere'].map((e) => `portal.session.${e}`),
    ...['setup', 'reset'].flatMap((p) => [`portal.password_link.${p}`, `portal.password.${p}`]),
    ...['pause', 'resume', 'cancel'].map((a) => `mailing.${a}`),
    ...['disable', 'reset_totp', 'reset_password'].map((c) => `console.operator_${c}`),
    ...['approved', 'rejected'].flatMap((d) => [
      `console.operator_reset_${d}`,
      `console.deregistration_${d}`,
      `console.card_range_deletion_${d}`,
      `investigation.decision_${d}`,
    ]),
    ...[
      'opened',
      'assigned',
      'findings',
      'transaction_facts',
      'contact',
      'note',
      'attachment',
      'evidence_refreshed',
      'cooperation_requested',
      'cooperation_answered',
      'decision_recorded',
      'closed',
      'reopened',
    ].map((k) => `investigation.${k}`),
  ];
  assert.deepEqual(
    built.filter((a) => !Object.hasOwn(AUDIT_ACTION_LABELS, a)),
    [],
  );
});

test('labels read in each language; an unknown code is shown as it is', () => {
  assert.equal(auditActionLabel('enrollment.lock_lifted', 'ja'), 'ロック解除');
  assert.equal(auditActionLabel('enrollment.lock_lifted', 'en'), 'Lock lifted');
  assert.equal(auditActionLabel('something.new', 'ja'), 'something.new');
  assert.equal(auditSubjectLabel('member', 'demo-hanako', 'ja'), '会員 demo-hanako');
  assert.equal(labelOf(SESSION_END_LABELS, 'signed_out_everywhere', 'ja'), 'すべての端末からサインアウト');
  assert.equal(unboundReasonLabel('changed', 'ja'), '番号の変更');
  assert.equal(unboundReasonLabel('enrollment:lost_stolen', 'ja'), '登録状態の変化: 紛失・盗難の届出');
  assert.equal(
    unboundReasonLabel('enrollment:8-1-3', 'en'),
    'Enrollment changed: Terms 8-1-3: false registration details',
  );
  assert.equal(unboundReasonLabel('enrollment:deregistered', 'en'), 'Enrollment changed: Deregistered');
  assert.equal(unboundReasonLabel(null, 'ja'), '');
});

test('the audit filter takes the words the table shows, in either language and any case, or the code', () => {
  assert.equal(auditActionFilterOf(' ロック解除 '), 'enrollment.lock_lifted');
  assert.equal(auditActionFilterOf('LOCK LIFTED'), 'enrollment.lock_lifted');
  assert.equal(auditActionFilterOf('enrollment.lock_lifted'), 'enrollment.lock_lifted');
  assert.equal(auditActionFilterOf('no such thing'), 'no such thing');
});
