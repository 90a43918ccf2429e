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

/** AReq bodies, each for a card picked at random among the enrolled ones, with fresh ids. */
export function areqBodies(cards: BenchCard[]): () => { threeDSServerTransID: string; body: string } {
  const template = browserAReq(cards[0]!.pan);
  return () => {
    const card = cards[Math.floor(Math.random() * cards.length)]!;
    const threeDSServerTransID = randomUUID();
    const body = JSON.stringify({ ...template, acctNumber: card.pan, threeDSServerTransID, dsTransID: randomUUID() });
    return { threeDSServerTransID, body };
  };
}

/** What an answer says: `transStatus=…` (an ARes), `errorCode=…` (an EMV Erro) or `echo` (the baseline, the floor). */
export function answerKind(body: string): { key: string; erro: boolean } {
  const m = /"(transStatus|errorCode)":"([^"]+)"/.exec(body);
  return { key: m ? `${m[1]}=${m[2]}` : 'echo', erro: m?.[1] === 'errorCode' };
}

/** autocannon POSTing AReqs (closed loop: each connection sends its next AReq when the last is answered). */
export async function loadAReq(
  url: string,
  cards: BenchCard[],
  connections: number,
  seconds: number,
  path = '/3ds/areq',
  /** Where the AReqs come from: by default one browser template (areqBodies). */
  nextAReq: () => { body: string } = areqBodies(cards),
) {
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
        setupRequest: (req) => ({ ...req, body: nextAReq().body }),
        onResponse: (_status, body) => {
          const { key, erro } = answerKind(body);
          statuses[key] = (statuses[key] ?? 0) + 1;
          if (erro) erros++;
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
