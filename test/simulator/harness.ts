import { mountPhoneInbox } from '../../demo/phone/routes.tsx';
import { type DemoSeed, seedDemo } from '../../demo/seed/seed.ts';
import { mountDemo, mountDsSimulator } from '../../demo/shop/routes.ts';
import { systemClock } from '../../src/app/runtime.ts';
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
