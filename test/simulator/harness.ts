import { randomUUID } from 'node:crypto';
import { mountPhoneInbox } from '../../demo/phone/routes.tsx';
import { type DemoSeed, seedDemo } from '../../demo/seed/seed.ts';
import { demoMerchant } from '../../demo/shop/catalogue.ts';
import { mountDemo, mountDsSimulator } from '../../demo/shop/routes.ts';
import { browserInfoFrom } from '../../demo/simulator/three-ds-server/browser-info.ts';
import { buildBrowserAReq } from '../../demo/simulator/three-ds-server/messages.ts';
import { systemClock } from '../../src/app/runtime.ts';
import type { JsonObject } from '../../src/protocol/json.ts';
import type { MessageVersion } from '../../src/protocol/versions.ts';
import type { TestDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

export interface DemoServer {
  server: TestServer;
  seed: DemoSeed;
}

/**
 * The real HTTP stack with the demo mounted and seeded. Routes are added before the first request (Hono builds
 * its matcher then); when src/app/server.ts already mounts them, nothing is added twice.
 */
export async function startDemoServer(database: TestDatabase): Promise<DemoServer> {
  const server = await startTestServer(database, { env: { SEED_DEMO: 'true', SMS_PROVIDER: 'outbox' } });
  const { app, deps } = server.server;
  const has = (path: string) => app.routes.some((r) => r.path === path);
  if (!has('/demo/ds/rreq')) mountDsSimulator(app, deps);
  if (!has('/demo/shop')) mountDemo(app, deps);
  if (!has('/dev/phone')) mountPhoneInbox(app, deps);
  const seed = await seedDemo({ db: database.db, keys: server.keys, clock: systemClock });
  await deps.ranges.load();
  return { server, seed };
}

/** A browser AReq from the demo 3DS Server for a demo card (3 980 yen, no 3DS Method, no script ran). */
export function demoBrowserAReq(
  demo: DemoServer,
  enetId: string,
  version: MessageVersion,
  opts: { offerTrustList?: boolean } = {},
): JsonObject {
  const url = demo.server.url;
  return buildBrowserAReq({
    version,
    threeDSServerTransID: randomUUID(),
    card: cardOf(demo.seed, enetId),
    amountYen: 3980,
    purchaseDate: new Date(),
    merchant: demoMerchant(url),
    threeDSServerURL: 'https://3dss.example.net/rreq',
    notificationURL: `${url}/demo/3ds-server/notify`,
    threeDSCompInd: 'U',
    browser: browserInfoFrom({ js: '0' }, { userAgent: 'node-test' }, '127.0.0.1'),
    ...opts,
  });
}

export function cardOf(seed: DemoSeed, enetId: string) {
  const card = seed.cards.find((c) => c.enetId === enetId);
  if (!card) throw new Error(`no demo card ${enetId}`);
  return card;
}

/** application/x-www-form-urlencoded POST without following redirects. */
export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** The value of a hidden input in a rendered page. */
export function hiddenValue(html: string, name: string): string | undefined {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  return m?.[1];
}

export async function postJsonMessage(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}
