import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { browserAReq } from '../test/support/messages.ts';
import type { BenchCard } from './seed.ts';

export interface LoadResult {
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Transport errors, timeouts, non-2xx, and EMV Erro bodies. */
  errors: number;
  statuses: Record<string, number>;
}

/** autocannon POSTing AReqs, each for a card picked at random among the enrolled ones, with fresh ids. */
export async function loadAReq(
  url: string,
  cards: BenchCard[],
  connections: number,
  seconds: number,
  path = '/3ds/areq',
) {
  const template = browserAReq(cards[0]!.pan);
  const statuses: Record<string, number> = {};
  let erros = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        setupRequest: (req) => {
          const card = cards[Math.floor(Math.random() * cards.length)]!;
          return {
            ...req,
            body: JSON.stringify({
              ...template,
              acctNumber: card.pan,
              threeDSServerTransID: randomUUID(),
              dsTransID: randomUUID(),
            }),
          };
        },
        onResponse: (_status, body) => {
          const m = /"(transStatus|errorCode)":"([^"]+)"/.exec(body);
          const key = m ? `${m[1]}=${m[2]}` : 'echo';
          statuses[key] = (statuses[key] ?? 0) + 1;
          if (m?.[1] === 'errorCode') erros++;
        },
      },
    ],
  });
  return {
    connections,
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx + erros,
    statuses,
  } satisfies LoadResult;
}
