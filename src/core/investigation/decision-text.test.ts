import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { anyCaseFacts, caseFacts, purchase } from '../../../test/support/investigation-facts.ts';
import { CLAUSE_TITLES, clauseNumber, decisionText } from './decision-text.ts';
import { evaluateLiability } from './evaluate.ts';
import { CLAUSES } from './facts.ts';

/** Reported on JST 2026-05-02, day 62 after the 2026-03-01 statement, and delivered to the member. */
const lateAndDelivered = evaluateLiability(
  caseFacts({
    reportedAt: new Date('2026-05-02T01:00:00Z'),
    transactions: [purchase({ merchantName: 'Shop A', deliveryAddress: 'member' })],
  }),
);

function assertIncludes(text: string, parts: readonly string[]): void {
  for (const part of parts) assert.ok(text.includes(part), `missing ${JSON.stringify(part)} in:\n${text}`);
}

test('not waived: each applying clause with its number and the facts behind it (ja)', () => {
  const text = decisionText(lateAndDelivered, 'not_waived', 'ja');
  assert.ok(text.startsWith('結果：'), text);
  assertIncludes(text, [
    '免除されません',
    '規約第5条第3項第5号',
    '規約第5条第3項第6号',
    CLAUSE_TITLES['5-3-5'].ja,
    '2026年3月1日に電子メールでカード利用代金明細をお知らせし',
    '2026年5月2日（お知らせの日から62日目）',
    'Shop Aでのご利用',
    'ご本人の住所',
  ]);
  assert.ok(!text.includes('第1号'), 'a clause that did not apply is not cited');
  assert.ok(!text.includes('担当者'), 'no override');
});

test('not waived: each applying clause with its number and the facts behind it (en)', () => {
  const text = decisionText(lateAndDelivered, 'not_waived', 'en');
  assertIncludes(text, [
    'not waived',
    'Terms art. 5-3-5',
    'Terms art. 5-3-6',
    'statement notified 2026-03-01 (email); reported 2026-05-02 = day 62',
    'The purchase at Shop A',
    'delivered to your address',
  ]);
});

test('waived as proposed: found not at fault, no exception', () => {
  const evaluation = evaluateLiability(caseFacts());
  assertIncludes(decisionText(evaluation, 'waived', 'ja'), ['免除します', 'お客さまに責任はない', '第1号から第9号']);
  assertIncludes(decisionText(evaluation, 'waived', 'en'), ['do not have to pay', 'not at fault']);
});

test('an override says so, gives the reason, and still shows what the rules found', () => {
  const ja = decisionText(lateAndDelivered, 'waived', 'ja', '  明細が届かなかったことを確認したため  ');
  assertIncludes(ja, [
    '免除します',
    '規約に基づく判定（免除しない）とは異なり',
    '担当者の判断理由：明細が届かなかったことを確認したため',
    '規約第5条第3項第5号',
  ]);
  const en = decisionText(evaluateLiability(caseFacts()), 'not_waived', 'en', 'Card shared with a colleague');
  assertIncludes(en, [
    "overriding the rules' proposal to waive",
    "Investigator's reason: Card shared with a colleague",
  ]);
  assertIncludes(decisionText(lateAndDelivered, 'waived', 'en'), ["The investigator's reason was not recorded."]);
});

test('a decision taken while the proposal was blocked names the open points', () => {
  const blocked = evaluateLiability(
    caseFacts({ memberAtFault: 'unknown', transactions: [purchase({ at: undefined, merchantName: undefined })] }),
  );
  assertIncludes(decisionText(blocked, 'not_waived', 'ja', '調査期限'), [
    '確認が済んでいない点（規約第5条第3項第5号、お客さまの責任の有無）',
    '加盟店不明のご利用：ご利用の日時が分かっていません。',
  ]);
  assertIncludes(decisionText(blocked, 'not_waived', 'en', 'deadline'), [
    'not settled (Terms art. 5-3-5, whether you were at fault)',
    'A purchase (merchant unknown): the date of the purchase is not known.',
  ]);
  const waivedAnyway = decisionText(blocked, 'waived', 'en', 'deadline');
  assert.ok(!waivedAnyway.includes('none of the exceptions'), 'an open point is not reported as ruled out');
});

test('the member at fault, with no exception: the main text of art. 5-3 is the reason', () => {
  const evaluation = evaluateLiability(caseFacts({ memberAtFault: 'yes' }));
  assertIncludes(decisionText(evaluation, 'not_waived', 'ja'), ['規約第5条第3項（お客さまの責任）', '責任がある']);
  assertIncludes(decisionText(evaluation, 'not_waived', 'en'), ['Terms art. 5-3 (fault)', 'found you at fault']);
});

test('facts from the other clauses read in Japan time, in both languages', () => {
  const evaluation = evaluateLiability(
    caseFacts({
      now: new Date('2026-04-12T01:00:00Z'),
      transactions: [purchase({ at: new Date('2026-01-01T07:12:00Z') })],
      statementNotices: [],
      disasterPeriods: [
        { name: '試験用地震', startsAt: new Date('2026-01-01T07:10:00Z'), endsAt: new Date('2026-01-31T15:00:00Z') },
      ],
      cooperationRequests: [{ askedAt: new Date('2026-03-31T16:00:00Z'), dueOn: '2026-04-10', answeredAt: undefined }],
      objectiveMemberUse: { finding: 'yes', reason: 'いつもと同じ端末と配送先' },
    }),
  );
  assertIncludes(decisionText(evaluation, 'not_waived', 'ja'), [
    '規約第5条第3項第3号',
    '2026年4月1日に調査へのご協力をお願いしましたが、回答期限の2026年4月10日を過ぎても',
    '規約第5条第3項第8号',
    '（2026年1月1日 16:12）は、「試験用地震」の期間（2026年1月1日 16:10から2026年2月1日 00:00まで）',
    '規約第5条第3項第9号',
    '判断の理由：いつもと同じ端末と配送先',
  ]);
  assertIncludes(decisionText(evaluation, 'not_waived', 'en'), [
    'Terms art. 5-3-3',
    'on 2026-04-01; no answer had arrived by the due date 2026-04-10 (as of 2026-04-12)',
    'Terms art. 5-3-8',
    'on 2026-01-01 16:12 JST falls within the declared period "試験用地震" (2026-01-01 16:10 JST to 2026-02-01 00:00 JST)',
    'Terms art. 5-3-9',
  ]);
});

test('clause numbers and titles exist for all nine clauses in both languages', () => {
  assert.equal(clauseNumber('5-3-6', 'ja'), '規約第5条第3項第6号');
  assert.equal(clauseNumber('5-3-6', 'en'), 'Terms art. 5-3-6');
  for (const clause of CLAUSES) {
    assert.ok(CLAUSE_TITLES[clause].ja.length > 0 && CLAUSE_TITLES[clause].en.length > 0, clause);
  }
});

test('property: every evaluation reads cleanly in both languages, for either outcome', () => {
  fc.assert(
    fc.property(
      anyCaseFacts,
      fc.constantFrom('waived' as const, 'not_waived' as const),
      fc.constantFrom(undefined, '', '明細未着のため', 'statement never arrived'),
      (facts, outcome, reason) => {
        const evaluation = evaluateLiability(facts);
        for (const lang of ['ja', 'en'] as const) {
          const text = decisionText(evaluation, outcome, lang, reason);
          for (const bad of ['undefined', 'NaN', 'Invalid Date', '[object Object]']) {
            assert.ok(!text.includes(bad), `${bad} in:\n${text}`);
          }
          for (const f of evaluation.findings.filter((x) => x.result === 'applies')) {
            assert.ok(text.includes(clauseNumber(f.clause, lang)), `${f.clause} not cited`);
          }
        }
      },
    ),
    { numRuns: 500 },
  );
});
