import { Agent, request } from 'node:http';
import { answerKind, areqBodies } from './load.ts';
import type { BenchCard } from './seed.ts';

/** Latency at a given load: AReqs sent at a fixed arrival rate, whatever the answers do. */
export interface OpenLoopResult {
  /** Scheduled arrivals per second, and the seconds they were scheduled over. */
  rate: number;
  seconds: number;
  sent: number;
  /** HTTP answers received (any status); `requests` for the CPU per request. */
  requests: number;
  /** Answers per second over the schedule plus the time the last answer took. */
  achievedRps: number;
  /** Measured from each AReq's scheduled send time, so a stall delays the requests behind it too. */
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** Transport errors, timeouts, non-200 and EMV Erro bodies. */
  errors: number;
  /** Sends that left more than LATE_MS after their scheduled time, or found every pooled socket busy. */
  lateSends: number;
  maxLateMs: number;
  /** AReqs sent and not yet answered at once, at most; the socket pool is POOL_SOCKETS. */
  peakInFlight: number;
  poolSockets: number;
  statuses: Record<string, number>;
}

/** An ARes the load got: which AReq it answered, and the ACS transaction id it named. */
export interface Answered {
  threeDSServerTransID: string;
  acsTransID: string;
}

const LATE_MS = 2;
const POOL_SOCKETS = 512;
const TIMEOUT_MS = 10_000;

/**
 * Sends `rate` AReqs per second for `seconds` on keep-alive sockets (coordinated-omission free: the schedule never
 * waits for an answer, and each latency counts from when the AReq was due). `answered`, when given, collects
 * every ARes (for the kill -9 check).
 */
export async function openLoopAReq(
  url: string,
  cards: BenchCard[],
  rate: number,
  seconds: number,
  path = '/3ds/areq',
  answered?: Answered[],
): Promise<OpenLoopResult> {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: POOL_SOCKETS, maxFreeSockets: POOL_SOCKETS });
  const nextAReq = areqBodies(cards);
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let lateSends = 0;
  let maxLateMs = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let settled = 0;
  let allSettled: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allSettled = resolve;
  });
  const settle = () => {
    inFlight--;
    if (++settled === total) allSettled();
  };

  const send = (due: number) => {
    const late = performance.now() - due;
    maxLateMs = Math.max(maxLateMs, late);
    if (late > LATE_MS || inFlight >= POOL_SOCKETS) lateSends++;
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    const { threeDSServerTransID, body } = nextAReq();
    let finished = false;
    // Once per AReq, whichever of answer, error and timeout comes first.
    const finish = (record: () => void) => {
      if (finished) return;
      finished = true;
      record();
      settle();
    };
    const failed = () =>
      finish(() => {
        errors++;
        statuses['transport error'] = (statuses['transport error'] ?? 0) + 1;
      });
    const req = request(
      {
        agent,
        hostname,
        port,
        path,
        method: 'POST',
        timeout: TIMEOUT_MS,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () =>
          finish(() => {
            latencies.push(performance.now() - due);
            const { key, erro } = answerKind(text);
            const status = res.statusCode === 200 ? key : `HTTP ${res.statusCode}`;
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (erro || res.statusCode !== 200) errors++;
            const acsTransID = /"acsTransID":"([^"]+)"/.exec(text)?.[1];
            if (answered && acsTransID && !erro && res.statusCode === 200)
              answered.push({ threeDSServerTransID, acsTransID });
          }),
        );
        res.on('error', failed);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', failed);
    req.end(body);
  };

  const started = performance.now() + 5;
  const dueAt = (i: number) => started + (i * 1000) / rate;
  let next = 0;
  // Timers, not a spin: the load generator shares its core with the peers (and PostgreSQL's backends).
  const tick = () => {
    const now = performance.now();
    while (next < total && dueAt(next) <= now) send(dueAt(next++));
    if (next < total) setTimeout(tick, Math.max(0, dueAt(next) - performance.now()));
  };
  tick();
  if (total > 0) await done;
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 10) / 10;
  return {
    rate,
    seconds,
    sent: total,
    requests: latencies.length,
    achievedRps: Math.round(latencies.length / elapsed),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    p999Ms: pct(0.999),
    maxMs: Math.round((latencies.at(-1) ?? 0) * 10) / 10,
    errors,
    lateSends,
    maxLateMs: Math.round(maxLateMs * 10) / 10,
    peakInFlight,
    poolSockets: POOL_SOCKETS,
    statuses,
  };
}
