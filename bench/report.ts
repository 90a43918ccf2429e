import type { LoadResult } from './load.ts';
import type { Frame } from './profile.ts';

/** CPU microseconds per request (per challenge) of the service process and of its PostgreSQL backends. */
export interface CpuCost {
  serviceUs: number;
  postgresUs: number;
}

export interface DialectFigures {
  dialect: string;
  seedSeconds: number;
  areq: (LoadResult & { cpu: CpuCost })[];
  challenge: {
    cpu: CpuCost;
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
  cards: number;
  baseline: (LoadResult & { cpu: CpuCost })[];
  dialects: DialectFigures[];
  profile: Frame[];
}

const cpu = (c: CpuCost) => (c.postgresUs > 0 ? `${c.serviceUs} + ${c.postgresUs}` : `${c.serviceUs}`);
const pct = (x: number, of: number | undefined) => (of ? `${Math.round((100 * x) / of)}%` : '–');

/** The markdown table printed at the end of a run and saved beside the JSON. */
export function renderTable(r: BenchReport): string {
  const m = r.machine;
  const base = (c: number) => r.baseline.find((b) => b.connections === c)?.rps;
  const rows = [
    '| Phase | Conns | Throughput | p50 ms | p99 ms | Errors | vs baseline | CPU µs/req: service + PostgreSQL |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.baseline.map(
      (b) =>
        `| raw node:http echo (baseline) | ${b.connections} | ${b.rps} req/s | ${b.p50Ms} | ${b.p99Ms} | ${b.errors} | 100% | ${cpu(b.cpu)} |`,
    ),
  ];
  for (const d of r.dialects) {
    for (const a of d.areq) {
      rows.push(
        `| AReq→ARes, ${d.dialect} | ${a.connections} | ${a.rps} req/s | ${a.p50Ms} | ${a.p99Ms} | ${a.errors} | ${pct(a.rps, base(a.connections))} | ${cpu(a.cpu)} |`,
      );
    }
    const c = d.challenge;
    rows.push(
      `| full challenge, ${d.dialect} (RReqs ${c.delivered}/${c.completed}, dup ${c.duplicated}) | 16 | ${c.perSecond} /s | ${c.p50Ms} | ${c.p99Ms} | ${c.failed} | ${pct(c.perSecond, base(50))} | ${cpu(c.cpu)} |`,
    );
    rows.push(`| peak RSS under load, ${d.dialect} | | ${d.peakRssMb} MB | | | | | |`);
  }
  const lines = [
    `Bench ${r.date}: ${m.cpus} × ${m.model}, ${m.memGb} GB RAM, Node ${m.node}; service on core 0, load on core 1 (${m.pinned ? 'taskset' : 'NOT pinned'}).`,
    `${r.cards} enrolled cards, ${r.secondsPerPhase} s per phase. Load average before ${m.loadAvgBefore.join(' ')}, after ${m.loadAvgAfter.join(' ')}.`,
    '',
    ...rows,
    '',
    'CPU profile of the service under AReq load (PostgreSQL, 50 connections), self time:',
    '',
    ...r.profile.map((f) => `- ${f.selfPct}% ${f.frame}`),
    '',
  ];
  return lines.join('\n');
}
