import type { Context, Hono } from 'hono';
import type { AppDeps } from '../../../src/app/deps.ts';
import type { AppEnv } from '../../../src/app/http/app.ts';
import { protocolBodyLimit } from '../../../src/protocol/exchanges/areq.ts';
import { simulatorState } from '../state.ts';
import { DS_AREQ_PATH, DS_RREQ_PATH, type DsAnswer, type DsDeps, relayAReq } from './areq-relay.ts';
import { relayRReq } from './rreq-relay.ts';

function dsDeps(deps: AppDeps): DsDeps {
  return { publicUrl: deps.config.PUBLIC_URL, clock: deps.clock };
}

function reply(c: Context<AppEnv>, answer: DsAnswer) {
  for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
  c.header('Cache-Control', 'no-store');
  return c.json(answer.body, 200);
}

/**
 * POST /demo/ds/rreq — the DS simulator's RReq receiver. Always mounted: it is the default DS_RREQ_URL,
 * so an ACS without a configured DS still completes its RReq/RRes exchange.
 */
export function mountDsSimulator(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(DS_RREQ_PATH, protocolBodyLimit(), async (c) => {
    const text = await c.req.text();
    const answer = await relayRReq(dsDeps(deps), simulatorState(deps).ds, text, {
      'x-request-id': c.req.header('x-request-id'),
    });
    deps.logger.debug({ messageType: answer.body.messageType }, 'DS simulator answered an RReq');
    return reply(c, answer);
  });
}

/** POST /demo/ds/areq — the DS simulator's AReq entry, used by the demo shop's 3DS Server simulator. */
export function mountDsAReq(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(DS_AREQ_PATH, protocolBodyLimit(), async (c) => {
    const text = await c.req.text();
    const answer = await relayAReq(dsDeps(deps), simulatorState(deps).ds, text);
    deps.logger.debug({ messageType: answer.body.messageType }, 'DS simulator relayed an AReq');
    return reply(c, answer);
  });
}
