import type { Kill9Figures } from './kill9.ts';
import type { LoadResult } from './load.ts';
import type { OpenLoopResult } from './open-loop.ts';
import type { Frame } from './profile.ts';
import { type RiskPhaseFigures, riskLines } from './risk-phase.ts';

/** CPU microseconds per request (per challenge) of the service process and of its PostgreSQL backends. */
export interface CpuCost {
  serviceUs: number;
  postgresUs: number;
}

/** What every measured phase adds to its load figures. */
export interface Measured {
  cpu: CpuCost;
  /** From the service's `ninsho_db_statements_total` (bench/statements.ts); null where it has none. */
  statementsPerRequest: number | null;
}

export type ClosedLoopPhase = LoadResult & Measured;
export type OpenLoopPhase = OpenLoopResult & Measured;

/** The raw node:http echo plus one committed row per AReq (bench/durable-floor.ts), on one dialect. */
export interface FloorFigures {
  closed: ClosedLoopPhase[];
  open: OpenLoopPhase;
  peakRssMb: number;
}

export interface DialectFigures {
  dialect: string;
  seedSeconds: number;
  floor: FloorFigures;
  areq: ClosedLoopPhase[];
  openLoop: OpenLoopPhase;
  challenge: Measured & {
    requests: number;
    completed: number;
    failed: number;
    perSecond: number;
    p50Ms: number;
    p99Ms: number;
    delivered: number;
    duplicated: number;
  };
  peakRssMb: number;
  rssTargetMb: number;
  /** PostgreSQL only: a kill -9 of the service under AReq load, then the database checked. */
  kill9?: Kill9Figures;
  /** PostgreSQL only: the AReq phases again with the demo risk policy active (bench/risk-phase.ts). */
  risk?: RiskPhaseFigures | undefined;
}

export interface BenchReport {
  date: string;
  machine: {
    cpus: number;
    model: string;
    memGb: number;
    freeGb: number;
    node: string;
    pinned: boolean;
    loadAvgBefore: number[];
    loadAvgAfter: number[];
  };
  secondsPerPhase: number;
  openLoop: { rate: number; seconds: number; p99TargetMs: number };
  cards: number;
  baseline: ClosedLoopPhase[];
  dialects: DialectFigures[];
  profile: Frame[];
}

const cpu = (c: CpuCost) => (c.postgresUs > 0 ? `${c.serviceUs} + ${c.postgresUs}` : `${c.serviceUs}`);
const pct = (x: number, of: number | undefined) => (of ? `${Math.round((100 * x) / of)}%` : '–');
const statements = (m: Measured) => (m.statementsPerRequest === null ? 'n/a' : String(m.statementsPerRequest));
const rpsAt = (phases: ClosedLoopPhase[], connections: number) =>
  phases.find((p) => p.connections === connections)?.rps;

/** The summary line of the kill -9 check; the run fails unless it ends "all durable". */
export function kill9Line(k: Kill9Figures): string {
  const verdict = k.lost.length === 0 ? 'all durable' : `${k.lost.length} NOT in the database`;
  return `kill -9: ${k.ares} ARes'd AReqs, ${verdict} (of ${k.sent} AReqs scheduled over the phase; ${k.errors} failed, most once the service was gone)`;
}

function closedLoopTable(r: BenchReport): string[] {
  const row = (name: string, p: ClosedLoopPhase, echo: string, floor: string) =>
    `| ${name} | ${p.connections} | ${p.rps} req/s | ${p.p50Ms} | ${p.p99Ms} | ${p.errors} | ${echo} | ${floor} | ${cpu(p.cpu)} | ${statements(p)} |`;
  const rows = [
    '| Phase | Conns | Throughput | p50 ms | p99 ms | Errors | vs echo | vs durable floor | CPU µs/req: service + PostgreSQL | SQL statements/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.baseline.map((b) => row('raw node:http echo (baseline)', b, '100%', '–')),
  ];
  for (const d of r.dialects) {
    const echoPct = (p: ClosedLoopPhase) => pct(p.rps, rpsAt(r.baseline, p.connections));
    for (const f of d.floor.closed) rows.push(row(`durable floor, ${d.dialect}`, f, echoPct(f), '100%'));
    for (const a of d.areq) {
      rows.push(row(`AReq→ARes, ${d.dialect}`, a, echoPct(a), pct(a.rps, rpsAt(d.floor.closed, a.connections))));
    }
    const c = d.challenge;
    rows.push(
      `| full challenge, ${d.dialect} (RReqs ${c.delivered}/${c.completed}, dup ${c.duplicated}) | 16 | ${c.perSecond} /s | ${c.p50Ms} | ${c.p99Ms} | ${c.failed} | – | – | ${cpu(c.cpu)} | ${statements(c)} |`,
    );
  }
  return rows;
}

function openLoopTable(r: BenchReport): string[] {
  const target = r.openLoop.p99TargetMs;
  const row = (name: string, o: OpenLoopPhase) =>
    `| ${name} | ${o.rate}/s × ${o.seconds} s | ${o.achievedRps} req/s | ${o.p50Ms} | ${o.p99Ms} | ${o.p999Ms} | ${o.maxMs} | ${o.errors} | ${o.lateSends} (max ${o.maxLateMs} ms) | ${o.peakInFlight}/${o.poolSockets} | ${cpu(o.cpu)} | ${statements(o)} | ${o.p99Ms <= target ? 'yes' : 'no'} |`;
  const rows = [
    `| Open loop | Arrivals | Answered | p50 ms | p99 ms | p99.9 ms | max ms | Errors | Late sends | Peak in flight / sockets | CPU µs/req | SQL statements/req | p99 ≤ ${target} ms |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const d of r.dialects) {
    rows.push(row(`durable floor, ${d.dialect}`, d.floor.open), row(`AReq→ARes, ${d.dialect}`, d.openLoop));
  }
  return rows;
}

/** The markdown tables printed at the end of a run and saved beside the JSON. */
export function renderTable(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    `Bench ${r.date}: ${m.cpus} × ${m.model}, ${m.memGb} GB RAM, Node ${m.node}; service on core 0, load on core 1 (${m.pinned ? 'taskset' : 'NOT pinned'}).`,
    `${r.cards} enrolled cards, ${r.secondsPerPhase} s per closed-loop phase. Load average before ${m.loadAvgBefore.join(' ')}, after ${m.loadAvgAfter.join(' ')}.`,
    '',
    'Closed loop (autocannon; each connection sends its next request when the last is answered):',
    '',
    ...closedLoopTable(r),
    '',
    `Open loop (${r.openLoop.rate} AReq/s on schedule whatever the answers; latency from each AReq's scheduled send time):`,
    '',
    ...openLoopTable(r),
    '',
    ...r.dialects.flatMap((d) => [
      `- peak RSS under load, ${d.dialect}: ${d.peakRssMb} MB (target ≤ ${d.rssTargetMb} MB: ${d.peakRssMb <= d.rssTargetMb ? 'met' : 'not met'}); durable floor ${d.floor.peakRssMb} MB`,
      ...(d.kill9 ? [`- ${d.dialect} ${kill9Line(d.kill9)}`] : []),
      ...(d.risk ? riskLines(d.dialect, d.risk) : []),
    ]),
    '',
    'CPU profile of the service under AReq load (PostgreSQL, 50 connections), self time:',
    '',
    ...r.profile.map((f) => `- ${f.selfPct}% ${f.frame}`),
    '',
  ];
  return lines.join('\n');
}
