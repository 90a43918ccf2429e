import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { browserAReq } from '../support/messages.ts';

export type AReqResult = 'ares' | 'erro' | 'http5xx' | 'http' | 'transport';

export interface AReqCounts {
  sent: number;
  ares: number;
  erro: number;
  http5xx: number;
  /** Other non-200 statuses. */
  http: number;
  /** Refused, reset or timed out connections. */
  transport: number;
  /** Arrivals not sent because `maxInFlight` requests were already waiting (the service fell behind). */
  skipped: number;
}

export interface AReqLoadOptions {
  /** Service base URLs; arrivals go round-robin. */
  targets: readonly string[];
  ratePerSecond: number;
  /** Enrolled PANs; each AReq picks one at random. */
  pans: readonly string[];
  maxInFlight?: number;
  timeoutMs?: number;
  /** Called for every finished AReq (sentAt/doneAt from performance.now()). */
  onResult?: (result: AReqResult, sentAt: number, doneAt: number, acsTransID: string | undefined) => void;
}

/**
 * An open-loop AReq generator: arrivals at a fixed rate whatever the answers take (a closed loop would slow down
 * with the service and hide its stalls), over keep-alive connections, with fresh ids per AReq. Bounded: it stops
 * by itself when `stop()` is called or after `maxSeconds`.
 */
export class OpenLoopAReqs {
  readonly counts: AReqCounts = { sent: 0, ares: 0, erro: 0, http5xx: 0, http: 0, transport: 0, skipped: 0 };
  /** acsTransIDs of every AReq that got an ARes (the ACS said it recorded them). */
  readonly answered: string[] = [];
  /** The first error details, for the report. */
  readonly errorSamples: string[] = [];
  readonly #agent: Agent;
  readonly #template: Record<string, unknown>;
  #timer: NodeJS.Timeout | undefined;
  #inFlight = 0;
  #startedAt = 0;
  #arrivals = 0;
  #drained: (() => void) | undefined;

  constructor(private readonly opts: AReqLoadOptions) {
    this.#agent = new Agent({ keepAlive: true, maxSockets: opts.maxInFlight ?? 200 });
    this.#template = browserAReq(opts.pans[0] ?? '');
  }

  start(maxSeconds = 3600): this {
    this.#startedAt = performance.now();
    this.#timer = setInterval(() => {
      const elapsed = (performance.now() - this.#startedAt) / 1000;
      if (elapsed > maxSeconds) {
        void this.stop();
        return;
      }
      const due = Math.floor(elapsed * this.opts.ratePerSecond) - this.#arrivals;
      for (let i = 0; i < due; i++) this.#arrive();
    }, 5);
    return this;
  }

  /** Stops new arrivals and waits for the AReqs in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#inFlight > 0) await new Promise<void>((r) => (this.#drained = r));
    this.#agent.destroy();
  }

  #arrive(): void {
    const n = this.#arrivals++;
    if (this.#inFlight >= (this.opts.maxInFlight ?? 200)) {
      this.counts.skipped++;
      return;
    }
    const pan = this.opts.pans[Math.floor(Math.random() * this.opts.pans.length)] ?? '';
    const body = JSON.stringify({
      ...this.#template,
      acctNumber: pan,
      threeDSServerTransID: randomUUID(),
      dsTransID: randomUUID(),
    });
    const target = this.opts.targets[n % this.opts.targets.length] ?? '';
    const sentAt = performance.now();
    this.#inFlight++;
    this.counts.sent++;
    let settled = false;
    const finish = (result: AReqResult, detail: string, acsTransID?: string) => {
      if (settled) return;
      settled = true;
      this.counts[result]++;
      if (result === 'ares' && acsTransID) this.answered.push(acsTransID);
      else if (result !== 'ares' && this.errorSamples.length < 20) this.errorSamples.push(`${result}: ${detail}`);
      this.opts.onResult?.(result, sentAt, performance.now(), acsTransID);
      if (--this.#inFlight === 0) this.#drained?.();
    };
    const req = request(
      `${target}/3ds/areq`,
      {
        method: 'POST',
        agent: this.#agent,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) },
        timeout: this.opts.timeoutMs ?? 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('error', (err) => finish('transport', err.message));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 500) return finish('http5xx', `${status} ${text.slice(0, 120)}`);
          if (status !== 200) return finish('http', `${status} ${text.slice(0, 120)}`);
          const id = /"acsTransID":"([^"]+)"/.exec(text)?.[1];
          if (text.includes('"messageType":"ARes"') && id) return finish('ares', '', id);
          finish('erro', /"errorCode":"([^"]+)"/.exec(text)?.[1] ?? text.slice(0, 120));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => finish('transport', err.message));
    req.end(body);
  }
}

/** Resident set of a service process from its Prometheus metrics, in MiB. */
export async function serviceRssMiB(url: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  const m = /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
  return m ? Math.round(Number(m[1]) / 1048576) : Number.NaN;
}
