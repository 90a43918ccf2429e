import type { ServiceDeps } from '../../app/deps.ts';
import { ServiceError } from '../../core/errors.ts';
import { assessRisk } from '../../core/risk/engine.ts';
import type { RiskOutcome, RiskPolicy, RiskRule } from '../../core/risk/types.ts';
import { newId } from '../../infra/ids.ts';
import type { JsonObject } from '../../protocol/json.ts';
import { withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import {
  type BacktestAReqRow,
  backtestAReqFacts,
  backtestHistoryRows,
  backtestMemberRecords,
  type FraudReportedRow,
  fraudReportedTransactions,
} from '../../storage/repositories/risk-backtest-reads.ts';
import { insertBacktestRun } from '../../storage/repositories/risk-backtests.ts';
import { riskPolicyRow } from '../../storage/repositories/risk-policies.ts';
import { ReplayedHistory } from './backtest-history.ts';
import { riskFacts } from './facts.ts';
import { RISK_HISTORY_DAYS } from './history.ts';
import { riskPolicySchema } from './policy.ts';

/** Bounds of one run, shown on the page: the newest AReqs up to the cap, the history rows before them up to theirs. */
export const BACKTEST_MAX_DAYS = 90;
export const BACKTEST_MAX_AREQS = 20_000;
export const BACKTEST_MAX_HISTORY_ROWS = 200_000;
/** The fraud-reported transactions let through are all counted; this many are listed. */
export const BACKTEST_FRAUD_LISTED = 200;

const DAY = 86_400_000;
const OUTCOMES: readonly RiskOutcome[] = ['frictionless', 'challenge', 'refuse'];

export type OutcomeCounts = Record<RiskOutcome, number>;

/** A transaction later reported as fraud that the policy would have answered without a challenge. */
export interface FraudLetThrough {
  acsTransID: string;
  at: string;
  score: number;
  rule: RiskRule | null;
  /** What the ACS really answered. */
  actual: RiskOutcome;
  reports: Array<Pick<FraudReportedRow, 'reference' | 'source' | 'case_state' | 'outcome'>>;
}

/** What a run stores in risk_backtests.figures (and the page shows). */
export interface BacktestFigures {
  draft: OutcomeCounts;
  actual: OutcomeCounts;
  /** actual → draft: how each answer would have changed. */
  moves: Record<RiskOutcome, OutcomeCounts>;
  /** Replayed transactions later reported as fraud, and how the draft would have answered them. */
  fraudReported: OutcomeCounts;
  fraudLetThrough: FraudLetThrough[];
  /** The history window before the period held more rows than BACKTEST_MAX_HISTORY_ROWS: the oldest were left out. */
  historyCapped: boolean;
}

export interface BacktestRequest {
  policyId: string;
  days: number;
}

/**
 * Replays the last `days` days of AReqs a policy decides (the ones the decision table challenges, src/core/decision.ts)
 * through the pure engine under a chosen policy, and stores and audits the figures (docs/risk.md "Backtest").
 * Reads are batched (a handful of statements in all) and bounded: at most BACKTEST_MAX_AREQS transactions, the
 * newest; a capped run says so.
 */
export async function runBacktest(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'keys'>,
  actor: string,
  request: BacktestRequest,
): Promise<string> {
  const days = request.days;
  if (!Number.isInteger(days) || days < 1 || days > BACKTEST_MAX_DAYS) {
    throw new ServiceError('invalid', `the period is 1 to ${BACKTEST_MAX_DAYS} days`, 'days');
  }
  const row = request.policyId ? await riskPolicyRow(deps.db, request.policyId) : undefined;
  if (!row) throw new ServiceError('invalid', 'choose a policy', 'policyId');
  const parsed = riskPolicySchema.safeParse(row.body);
  if (!parsed.success) throw new ServiceError('invalid', 'the stored policy is not valid', 'policyId');

  const to = deps.clock.now();
  const from = new Date(to.getTime() - days * DAY);
  const areqs = (await backtestAReqFacts(deps.db, from, to, BACKTEST_MAX_AREQS + 1)).reverse();
  const capped = areqs.length > BACKTEST_MAX_AREQS;
  if (capped) areqs.shift();
  const oldest = areqs[0];
  const since = new Date((oldest ? dateOf(oldest.created_at) : from).getTime() - RISK_HISTORY_DAYS * DAY);
  const history = await backtestHistoryRows(deps.db, since, to, BACKTEST_MAX_HISTORY_ROWS + 1);
  const historyCapped = history.length > BACKTEST_MAX_HISTORY_ROWS;
  if (historyCapped) history.shift();
  const enetIds = [...new Set(history.map((h) => h.enet_id).filter((id): id is string => id !== null))];
  const [members, reported] = await Promise.all([
    backtestMemberRecords(deps.db, enetIds),
    fraudReportedTransactions(deps.db, from, to),
  ]);
  const figures = replay(deps, areqs, new ReplayedHistory(history, members), history, reported, parsed.data);
  figures.historyCapped = historyCapped;
  // a transaction whose own row fell outside a capped history is not scored: count what was
  const replayed = figures.draft.frictionless + figures.draft.challenge + figures.draft.refuse;

  const id = newId('rbt', to.getTime());
  await withTransaction(deps.db, async (trx) => {
    await insertBacktestRun(trx, {
      id,
      policyId: row.id,
      policyVersion: row.version,
      days,
      from: oldest && capped ? dateOf(oldest.created_at) : from,
      to,
      replayed,
      capped,
      figures,
      runBy: actor,
      runAt: to,
    });
    await appendAudit(trx, {
      actor,
      action: 'risk.backtest_run',
      subjectType: 'risk_backtest',
      subjectId: id,
      after: {
        policyId: row.id,
        version: row.version,
        days,
        replayed,
        capped,
        draft: figures.draft,
        fraudLetThrough: figures.fraudLetThrough.length,
      },
      at: to,
    });
  });
  return id;
}

function replay(
  deps: Pick<ServiceDeps, 'keys'>,
  areqs: readonly BacktestAReqRow[],
  history: ReplayedHistory,
  rows: ReadonlyArray<{ acs_trans_id: string; risk_decision: string | null }>,
  reported: readonly FraudReportedRow[],
  policy: RiskPolicy,
): BacktestFigures {
  const answered = new Map(rows.map((r) => [r.acs_trans_id, actualOutcome(r.risk_decision)]));
  const reports = new Map<string, FraudReportedRow[]>();
  for (const r of reported) reports.set(r.acs_trans_id, [...(reports.get(r.acs_trans_id) ?? []), r]);
  const figures: BacktestFigures = {
    draft: counts(),
    actual: counts(),
    moves: { frictionless: counts(), challenge: counts(), refuse: counts() },
    fraudReported: counts(),
    fraudLetThrough: [],
    historyCapped: false,
  };
  for (const a of areqs) {
    const before = history.before(a.acs_trans_id);
    const stored = history.facts(a.acs_trans_id);
    if (!before || !stored) continue;
    const at = dateOf(a.created_at);
    const body: JsonObject = {
      ...(isObject(a.facts) ? a.facts : {}),
      deviceChannel: a.device_channel,
      messageCategory: a.message_category,
    };
    const facts = {
      ...riskFacts(deps.keys, body, at),
      // the MACs, amount and language the AReq path stored: what the replayed history matches
      deviceMac: stored.device ?? undefined,
      ipRangeMac: stored.ipRange ?? undefined,
      merchantMac: stored.merchant ?? undefined,
      language: stored.language ?? undefined,
      ...(stored.yen !== null && { amountYen: stored.yen }),
    };
    const assessment = assessRisk(facts, before, policy);
    const actual = answered.get(a.acs_trans_id) ?? 'challenge';
    figures.draft[assessment.decision]++;
    figures.actual[actual]++;
    figures.moves[actual][assessment.decision]++;
    const fraud = reports.get(a.acs_trans_id);
    if (!fraud) continue;
    figures.fraudReported[assessment.decision]++;
    if (assessment.decision !== 'frictionless' || figures.fraudLetThrough.length >= BACKTEST_FRAUD_LISTED) continue;
    figures.fraudLetThrough.push({
      acsTransID: a.acs_trans_id,
      at: at.toISOString(),
      score: assessment.score,
      rule: assessment.rule ?? null,
      actual,
      reports: fraud.map((f) => ({
        reference: f.reference,
        source: f.source,
        case_state: f.case_state,
        outcome: f.outcome,
      })),
    });
  }
  return figures;
}

/** What the ACS answered: the policy's decision when recorded (migration 0020), else a challenge (the state says so). */
function actualOutcome(decision: string | null): RiskOutcome {
  return decision === 'frictionless' || decision === 'refuse' ? decision : 'challenge';
}

function counts(): OutcomeCounts {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
}

const dateOf = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
