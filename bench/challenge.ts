import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ChallengeClient } from '../test/support/challenge-client.ts';
import type { BenchCard } from './seed.ts';

/**
 * A loopback Twilio Messages API: takes the SMS the service sends and hands each code to whoever waits for
 * that phone (the benchmark's "member"), as the real handset would.
 */
export class SmsPeer {
  #server: Server | undefined;
  #waiters = new Map<string, (code: string) => void>();
  #codes = new Map<string, string>();
  sent = 0;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        const form = new URLSearchParams(data);
        const to = form.get('To') ?? '';
        const code = /認証コード(\d{6})/.exec(form.get('Body') ?? '')?.[1];
        this.sent++;
        if (code) {
          const waiter = this.#waiters.get(to);
          if (waiter) {
            this.#waiters.delete(to);
            waiter(code);
          } else this.#codes.set(to, code);
        }
        const sid = `SM${randomBytes(16).toString('hex')}`;
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid, status: 'queued' }));
      });
    });
    await new Promise<void>((r) => this.#server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as { port: number }).port}`;
    return this;
  }

  codeFor(phone: string, timeoutMs = 10_000): Promise<string> {
    const ready = this.#codes.get(phone);
    if (ready) {
      this.#codes.delete(phone);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no SMS to ${phone}`)), timeoutMs);
      this.#waiters.set(phone, (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.#server ? this.#server.close(() => r()) : r()));
  }
}

export interface ChallengeRun {
  completed: number;
  failed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  acsTransIDs: string[];
}

/** `connections` browsers each playing AReq → CReq page → OTP submit → final CRes, for `durationMs`. */
export async function runChallenges(
  url: string,
  cards: BenchCard[],
  sms: SmsPeer,
  connections: number,
  durationMs: number,
): Promise<ChallengeRun> {
  let next = 0;
  let failed = 0;
  const times: number[] = [];
  const acsTransIDs: string[] = [];
  const started = performance.now();
  const end = started + durationMs;
  const browser = async () => {
    while (performance.now() < end && next < cards.length) {
      const card = cards[next++]!;
      const t0 = performance.now();
      const client = new ChallengeClient(url);
      try {
        const ares = await client.areq(card.pan);
        if (ares.transStatus !== 'C') throw new Error(`ARes ${ares.transStatus ?? ares.errorCode}`);
        await client.creq();
        await client.submit(card.enetId, await sms.codeFor(card.phone));
        if (client.finalCRes()?.transStatus !== 'Y') throw new Error('final CRes is not Y');
        times.push(performance.now() - t0);
        acsTransIDs.push(client.acsTransID);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, browser));
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round((times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? 0) * 10) / 10;
  return {
    completed: times.length,
    failed,
    perSecond: Math.round(times.length / elapsed),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    acsTransIDs,
  };
}
