import fc from 'fast-check';
import type {
  CaseAnswers,
  CaseEvidence,
  CaseFacts,
  DisputedTransaction,
  Finding,
  Relation,
} from '../../src/core/investigation/facts.ts';
import { jstDateOf } from '../../src/core/investigation/jst-date.ts';
import { caseAnswers, perQuestion, QUESTION_NAMES } from '../../src/core/investigation/liability-clauses.ts';

/**
 * Builders for the liability tests beside this file: a case in which no exception of terms art. 5-3
 * applies and the member is found not at fault, so each test changes only what it is about; and any
 * case at all, for property tests.
 */
export function purchase(overrides: Partial<DisputedTransaction> = {}): DisputedTransaction {
  return {
    acsTransId: 'b1b0a7a4-0000-4000-8000-000000000001',
    at: new Date('2026-02-20T03:00:00Z'),
    merchantName: 'Shop A',
    deliveryAddress: 'unrelated',
    origin: 'unrelated',
    ...overrides,
  };
}

export function caseFacts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  return {
    reportedAt: new Date('2026-04-10T01:00:00Z'),
    now: new Date('2026-04-20T01:00:00Z'),
    transactions: [purchase()],
    statementNotices: [{ noticeDate: '2026-03-01', channel: 'email' }],
    cooperationRequests: [],
    disasterPeriods: [],
    // Every question of src/core/investigation/liability-clauses.ts answered "no" (no reason written).
    ...caseAnswers(perQuestion(() => ({ finding: 'no', note: '' }))),
    ...overrides,
  };
}

const instant = fc.date({
  min: new Date('2025-10-01T00:00:00Z'),
  max: new Date('2026-08-01T00:00:00Z'),
  noInvalidDate: true,
});
/** A JST calendar date, now and then one that does not exist. */
const calendarDate = fc.oneof(
  { weight: 20, arbitrary: instant.map(jstDateOf) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '2026-13-01') },
);
// Weighted towards the answers that rule an exception out, so that waived proposals come up often too.
const finding = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Finding>('no') },
  { weight: 1, arbitrary: fc.constantFrom<Finding>('yes', 'unknown') },
);
const relation = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Relation>('unrelated') },
  { weight: 1, arbitrary: fc.constantFrom<Relation>('member', 'related_person', 'unknown') },
);

/** Any answers to the declared questions; a note is a reasoned question's written reason (blank = none). */
const anyAnswers: fc.Arbitrary<CaseAnswers> = fc
  .array(fc.record({ finding, note: fc.constantFrom('', '  ', '同じ端末と配送先', 'same device') }), {
    minLength: QUESTION_NAMES.length,
    maxLength: QUESTION_NAMES.length,
  })
  .map((answers) => caseAnswers(perQuestion((q) => answers[QUESTION_NAMES.indexOf(q)] ?? { finding: 'no', note: '' })));

/** Any evidence the case services could gather. */
const anyEvidence: fc.Arbitrary<CaseEvidence> = fc.record({
  reportedAt: instant,
  now: instant,
  transactions: fc.array(
    fc.record({
      acsTransId: fc.uuid(),
      at: fc.option(instant, { nil: undefined }),
      merchantName: fc.constantFrom(undefined, '', 'Shop A', '楽天市場'),
      deliveryAddress: fc.oneof(relation, fc.constant<'not_applicable'>('not_applicable')),
      origin: relation,
    }),
    { maxLength: 4 },
  ),
  statementNotices: fc.array(
    fc.record({ noticeDate: calendarDate, channel: fc.constantFrom<'email' | 'post'>('email', 'post') }),
    { maxLength: 3 },
  ),
  cooperationRequests: fc.array(
    fc.record({ askedAt: instant, dueOn: calendarDate, answeredAt: fc.option(instant, { nil: undefined }) }),
    { maxLength: 3 },
  ),
  disasterPeriods: fc.array(
    fc
      .tuple(fc.constantFrom('試験用地震', 'Test flood'), instant, fc.integer({ min: 1, max: 90 * 86_400_000 }))
      .map(([name, startsAt, ms]) => ({ name, startsAt, endsAt: new Date(startsAt.getTime() + ms) })),
    { maxLength: 2 },
  ),
});

/** Any case the case services could hand the engine, for property tests. */
export const anyCaseFacts: fc.Arbitrary<CaseFacts> = fc
  .tuple(anyEvidence, anyAnswers)
  .map(([evidence, answers]) => ({ ...evidence, ...answers }));
