import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFacts, purchase } from '../../../test/support/investigation-facts.ts';
import { CLAUSE_EVALUATORS } from './clauses.ts';
import { type CaseFacts, CLAUSES, type ClauseId, type DisputedTransaction } from './facts.ts';
import type { ClauseResult, UsedFact } from './findings.ts';

interface Row {
  clause: ClauseId;
  name: string;
  facts: Partial<CaseFacts>;
  result: ClauseResult;
  /** When given, the facts the evaluator must cite, exactly. */
  cites?: UsedFact[];
}

const A = purchase();
const ref = (t: DisputedTransaction) => ({ acsTransId: t.acsTransId, merchantName: t.merchantName });
const tx = (id: string, o: Partial<DisputedTransaction>) =>
  purchase({ acsTransId: id, merchantName: `Shop ${id}`, ...o });
const asked = new Date('2026-04-01T01:00:00Z');

/** Declared from JST 2026-01-01 16:10 to JST 2026-02-01 00:00 (exclusive). */
const quake = {
  name: '試験用地震（架空）',
  startsAt: new Date('2026-01-01T07:10:00Z'),
  endsAt: new Date('2026-01-31T15:00:00Z'),
};

/** Yes → applies, no → does not apply, unknown → undetermined, for the four answered clauses. */
const answered = (
  [
    ['5-3-1', 'credentialsMishandled'],
    ['5-3-2', 'usedByRelatedPerson'],
    ['5-3-4', 'falseStatement'],
    ['5-3-7', 'deviceOrNetworkFault'],
  ] as const
).flatMap(([clause, question]): Row[] =>
  (
    [
      ['yes', 'applies'],
      ['no', 'does_not_apply'],
      ['unknown', 'undetermined'],
    ] as const
  ).map(([value, result]) => ({
    clause,
    name: `${question} ${value}`,
    facts: { [question]: value },
    result,
    cites: [{ name: 'finding', question, value }],
  })),
);

const table: Row[] = [
  ...answered,

  // 5-3-3: the due date is the last day; overdue from the next JST day (JST = UTC+9).
  { clause: '5-3-3', name: 'no request made', facts: {}, result: 'does_not_apply' },
  {
    clause: '5-3-3',
    name: 'every request answered (one after its due date)',
    facts: {
      cooperationRequests: [
        { askedAt: asked, dueOn: '2026-04-10', answeredAt: new Date('2026-04-05T01:00:00Z') },
        { askedAt: asked, dueOn: '2026-04-10', answeredAt: new Date('2026-04-15T01:00:00Z') },
      ],
    },
    result: 'does_not_apply',
  },
  {
    clause: '5-3-3',
    name: 'unanswered, JST 23:59:59 on the due date: still open',
    facts: {
      now: new Date('2026-04-10T14:59:59Z'),
      cooperationRequests: [{ askedAt: asked, dueOn: '2026-04-10', answeredAt: undefined }],
    },
    result: 'undetermined',
    cites: [
      {
        name: 'cooperation_request',
        state: 'open',
        askedAt: '2026-04-01T01:00:00.000Z',
        dueOn: '2026-04-10',
        answeredAt: undefined,
        today: '2026-04-10',
      },
    ],
  },
  {
    clause: '5-3-3',
    name: 'unanswered, JST 00:00 the day after the due date: overdue',
    facts: {
      now: new Date('2026-04-10T15:00:00Z'),
      cooperationRequests: [
        { askedAt: asked, dueOn: '2026-04-20', answeredAt: undefined },
        { askedAt: asked, dueOn: '2026-04-10', answeredAt: undefined },
      ],
    },
    result: 'applies',
    cites: [
      {
        name: 'cooperation_request',
        state: 'overdue',
        askedAt: '2026-04-01T01:00:00.000Z',
        dueOn: '2026-04-10',
        answeredAt: undefined,
        today: '2026-04-11',
      },
    ],
  },
  {
    clause: '5-3-3',
    name: 'a due date that does not exist',
    facts: { cooperationRequests: [{ askedAt: asked, dueOn: '2026-02-30', answeredAt: undefined }] },
    result: 'undetermined',
    cites: [{ name: 'invalid_date', field: 'dueOn', value: '2026-02-30' }],
  },

  // 5-3-5: notice 2026-03-01; 2026-04-30 is day 60 (30 days to 03-31, 30 more to 04-30).
  {
    clause: '5-3-5',
    name: 'reported JST 23:59:59 on day 60: in time',
    facts: { reportedAt: new Date('2026-04-30T14:59:59Z') },
    result: 'does_not_apply',
    cites: [
      {
        name: 'statement_window',
        transaction: ref(A),
        transactionDate: '2026-02-20',
        noticeDate: '2026-03-01',
        channel: 'email',
        reportedOn: '2026-04-30',
        day: 60,
      },
    ],
  },
  {
    clause: '5-3-5',
    name: 'reported JST 00:00 on day 61: late',
    facts: { reportedAt: new Date('2026-04-30T15:00:00Z') },
    result: 'applies',
    cites: [
      {
        name: 'statement_window',
        transaction: ref(A),
        transactionDate: '2026-02-20',
        noticeDate: '2026-03-01',
        channel: 'email',
        reportedOn: '2026-05-01',
        day: 61,
      },
    ],
  },
  {
    clause: '5-3-5',
    name: 'leap year: notice 2028-02-01, report JST 2028-04-01 is day 60',
    facts: {
      transactions: [purchase({ at: new Date('2028-01-20T03:00:00Z') })],
      statementNotices: [{ noticeDate: '2028-02-01', channel: 'post' }],
      reportedAt: new Date('2028-04-01T14:59:59Z'),
    },
    result: 'does_not_apply',
  },
  {
    clause: '5-3-5',
    name: 'no statement covers the purchase yet',
    facts: { transactions: [purchase({ at: new Date('2026-03-05T03:00:00Z') })], reportedAt: new Date('2026-12-01') },
    result: 'does_not_apply',
    cites: [{ name: 'no_statement_notice', transaction: ref(A), transactionDate: '2026-03-05' }],
  },
  {
    clause: '5-3-5',
    name: 'purchase date unknown',
    facts: { transactions: [purchase({ at: undefined })] },
    result: 'undetermined',
    cites: [{ name: 'transaction_date_unknown', transaction: ref(A) }],
  },
  {
    clause: '5-3-5',
    name: 'purchase at JST 23:59:59 on a notice date: that notice covers it (day 68, late)',
    facts: {
      transactions: [purchase({ at: new Date('2026-02-01T14:59:59Z') })],
      statementNotices: [
        { noticeDate: '2026-03-01', channel: 'email' },
        { noticeDate: '2026-02-01', channel: 'post' },
      ],
    },
    result: 'applies',
  },
  {
    clause: '5-3-5',
    name: 'purchase at JST 00:00 the day after a notice: the next notice covers it (day 40)',
    facts: {
      transactions: [purchase({ at: new Date('2026-02-01T15:00:00Z') })],
      statementNotices: [
        { noticeDate: '2026-03-01', channel: 'email' },
        { noticeDate: '2026-02-01', channel: 'post' },
      ],
    },
    result: 'does_not_apply',
  },
  {
    clause: '5-3-5',
    name: 'one late purchase among others: applies, citing only the late one',
    facts: {
      reportedAt: new Date('2026-05-02T01:00:00Z'),
      transactions: [
        tx('late', { at: new Date('2026-02-20T03:00:00Z') }),
        tx('unplaced', { at: undefined }),
        tx('new', { at: new Date('2026-04-20T03:00:00Z') }),
      ],
    },
    result: 'applies',
    cites: [
      {
        name: 'statement_window',
        transaction: { acsTransId: 'late', merchantName: 'Shop late' },
        transactionDate: '2026-02-20',
        noticeDate: '2026-03-01',
        channel: 'email',
        reportedOn: '2026-05-02',
        day: 62,
      },
    ],
  },
  {
    clause: '5-3-5',
    name: 'one purchase in time, one with no date: undetermined',
    facts: { transactions: [tx('ok', {}), tx('unplaced', { at: undefined })] },
    result: 'undetermined',
    cites: [
      { name: 'transaction_date_unknown', transaction: { acsTransId: 'unplaced', merchantName: 'Shop unplaced' } },
    ],
  },
  {
    clause: '5-3-5',
    name: 'a statement notice date that does not exist',
    facts: { statementNotices: [{ noticeDate: '2026-13-01', channel: 'email' }] },
    result: 'undetermined',
    cites: [{ name: 'invalid_date', field: 'noticeDate', value: '2026-13-01' }],
  },
  {
    clause: '5-3-5',
    name: 'reported before the statement was notified',
    facts: { reportedAt: new Date('2026-02-25T01:00:00Z') },
    result: 'does_not_apply',
  },

  // 5-3-6
  {
    clause: '5-3-6',
    name: "delivered to the member's address",
    facts: { transactions: [purchase({ deliveryAddress: 'member' })] },
    result: 'applies',
    cites: [{ name: 'delivery_address', transaction: ref(A), value: 'member' }],
  },
  {
    clause: '5-3-6',
    name: "sent from a related person's place, while another purchase is still unknown",
    facts: {
      transactions: [tx('x', { origin: 'related_person' }), tx('y', { deliveryAddress: 'unknown', origin: 'unknown' })],
    },
    result: 'applies',
    cites: [{ name: 'origin', transaction: { acsTransId: 'x', merchantName: 'Shop x' }, value: 'related_person' }],
  },
  {
    clause: '5-3-6',
    name: 'all unrelated or not delivered',
    facts: { transactions: [tx('x', {}), tx('y', { deliveryAddress: 'not_applicable' })] },
    result: 'does_not_apply',
  },
  {
    clause: '5-3-6',
    name: 'delivery address not yet known',
    facts: { transactions: [purchase({ deliveryAddress: 'unknown' })] },
    result: 'undetermined',
    cites: [{ name: 'delivery_address', transaction: ref(A), value: 'unknown' }],
  },
  {
    clause: '5-3-6',
    name: 'origin not yet known',
    facts: { transactions: [purchase({ origin: 'unknown', deliveryAddress: 'not_applicable' })] },
    result: 'undetermined',
  },

  // 5-3-8: start inclusive, end exclusive.
  { clause: '5-3-8', name: 'no declared period', facts: {}, result: 'does_not_apply' },
  {
    clause: '5-3-8',
    name: 'purchase at the start of a period',
    facts: {
      transactions: [purchase({ at: new Date('2026-01-01T07:10:00Z') })],
      disasterPeriods: [quake],
    },
    result: 'applies',
    cites: [
      {
        name: 'disaster_period',
        transaction: ref(A),
        at: '2026-01-01T07:10:00.000Z',
        period: { name: quake.name, startsAt: '2026-01-01T07:10:00.000Z', endsAt: '2026-01-31T15:00:00.000Z' },
      },
    ],
  },
  {
    clause: '5-3-8',
    name: 'purchase 1 ms before the end of a period',
    facts: { transactions: [purchase({ at: new Date('2026-01-31T14:59:59.999Z') })], disasterPeriods: [quake] },
    result: 'applies',
  },
  {
    clause: '5-3-8',
    name: 'purchase at the end of a period',
    facts: { transactions: [purchase({ at: new Date('2026-01-31T15:00:00Z') })], disasterPeriods: [quake] },
    result: 'does_not_apply',
  },
  {
    clause: '5-3-8',
    name: 'purchase 1 ms before the start of a period',
    facts: { transactions: [purchase({ at: new Date('2026-01-01T07:09:59.999Z') })], disasterPeriods: [quake] },
    result: 'does_not_apply',
  },
  {
    clause: '5-3-8',
    name: 'purchase date unknown while a period is declared',
    facts: { transactions: [purchase({ at: undefined })], disasterPeriods: [quake] },
    result: 'undetermined',
    cites: [{ name: 'transaction_date_unknown', transaction: ref(A) }],
  },
  {
    clause: '5-3-8',
    name: 'purchase date unknown, no period declared',
    facts: { transactions: [purchase({ at: undefined })] },
    result: 'does_not_apply',
  },

  // 5-3-9: a catch-all needs a written reason.
  {
    clause: '5-3-9',
    name: 'yes, with a reason',
    facts: { objectiveMemberUse: { finding: 'yes', reason: '  Same device as the last 20 purchases  ' } },
    result: 'applies',
    cites: [
      { name: 'finding', question: 'objectiveMemberUse', value: 'yes' },
      { name: 'objective_reason', reason: 'Same device as the last 20 purchases' },
    ],
  },
  {
    clause: '5-3-9',
    name: 'yes, reason blank',
    facts: { objectiveMemberUse: { finding: 'yes', reason: '   ' } },
    result: 'undetermined',
    cites: [{ name: 'finding', question: 'objectiveMemberUse', value: 'yes' }, { name: 'objective_reason_missing' }],
  },
  {
    clause: '5-3-9',
    name: 'yes, no reason',
    facts: { objectiveMemberUse: { finding: 'yes', reason: undefined } },
    result: 'undetermined',
  },
  { clause: '5-3-9', name: 'no', facts: {}, result: 'does_not_apply' },
  {
    clause: '5-3-9',
    name: 'unknown',
    facts: { objectiveMemberUse: { finding: 'unknown', reason: 'ignored until yes' } },
    result: 'undetermined',
  },
];

for (const row of table) {
  test(`${row.clause} ${row.name}: ${row.result}`, () => {
    const finding = CLAUSE_EVALUATORS[row.clause](caseFacts(row.facts));
    assert.equal(finding.clause, row.clause);
    assert.equal(finding.result, row.result, JSON.stringify(finding.facts));
    if (row.cites) assert.deepEqual(finding.facts, row.cites);
  });
}

test('the table covers every clause with each of the three results', () => {
  for (const clause of CLAUSES) {
    for (const result of ['applies', 'does_not_apply', 'undetermined'] as const) {
      assert.ok(
        table.some((r) => r.clause === clause && r.result === result),
        `${clause} has no ${result} case`,
      );
    }
  }
});

test('with no disputed purchase, the purchase-based clauses (5-3-5, -6, -8) do not apply', () => {
  const facts = caseFacts({ transactions: [], disasterPeriods: [quake] });
  for (const clause of ['5-3-5', '5-3-6', '5-3-8'] as const) {
    assert.equal(CLAUSE_EVALUATORS[clause](facts).result, 'does_not_apply', clause);
  }
});
