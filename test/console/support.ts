import { loadConfig } from '../../src/app/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { ConsoleDeps } from '../../src/features/console/service/member-actions.ts';
import { createOperator } from '../../src/features/console/service/operators.ts';
import { type Principal, principalOf, type Role } from '../../src/features/console/service/roles.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { encryptTotpSecret, newTotpSecret, totpCode } from '../../src/infra/crypto/totp.ts';
import { createLogger } from '../../src/infra/logger.ts';
import type { Db } from '../../src/storage/database.ts';

let n = 0;

/** An operator with TOTP already enrolled (tests of later steps skip the enrolment page). */
export async function makeOperator(
  db: Db,
  keys: KeyRing,
  role: Role,
): Promise<{ principal: Principal; password: string; secret: string }> {
  n++;
  const username = `${role}${process.pid % 1000}x${n}`;
  const made = await createOperator(db, { username, displayName: username, role }, 'system', new Date());
  const secret = newTotpSecret();
  await db
    .updateTable('operators')
    .set({ totp_secret_enc: encryptTotpSecret(keys, secret) })
    .where('id', '=', made.id)
    .execute();
  const row = await db.selectFrom('operators').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
  return { principal: principalOf(row), password: made.password, secret };
}

export function consoleDeps(
  db: Db,
  keys: KeyRing,
  clock = new ManualClock(new Date()),
): ConsoleDeps & { kicks: number } {
  const deps = {
    db,
    keys,
    clock,
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    logger: createLogger('silent'),
    kicks: 0,
    kick: () => {
      deps.kicks++;
    },
  };
  return deps;
}

const COOKIE = '__Host-ninsho_console';

/** A tiny cookie-holding HTTP client for the console (Node's fetch has no jar). */
export class ConsoleClient {
  token = '';
  /** Sent as X-Forwarded-For (the client address behind a trusted proxy). */
  forwardedFor: string | undefined;
  constructor(readonly base: string) {}

  async request(path: string, init: { method?: string; form?: Record<string, string>; origin?: string | null } = {}) {
    const headers: Record<string, string> = {};
    if (this.token) headers.cookie = `${COOKIE}=${this.token}`;
    if (this.forwardedFor) headers['x-forwarded-for'] = this.forwardedFor;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (init.origin !== null && init.form) headers.origin = init.origin ?? this.base;
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const m = new RegExp(`^${COOKIE}=([^;]*)`).exec(c);
      if (m?.[1]) this.token = m[1];
    }
    return { res, text: await res.text() };
  }

  async csrf(path = '/console/sign-in'): Promise<string> {
    const { text } = await this.request(path);
    const m = /name="csrf" value="([^"]+)"/.exec(text);
    if (!m?.[1]) throw new Error(`no csrf field on ${path}`);
    return m[1];
  }

  /** Password then TOTP; `at` picks the code's time step (a fresh step per sign-in avoids the replay guard). */
  async signIn(username: string, password: string, secret: string, at = new Date()): Promise<string> {
    let csrf = await this.csrf();
    await this.request('/console/sign-in', { form: { csrf, username, password } });
    csrf = await this.csrf('/console/sign-in/code');
    const code = await totpCode(secret, at);
    const done = await this.request('/console/sign-in/code', { form: { csrf, code } });
    if (done.res.status !== 303 || done.res.headers.get('location') !== '/console')
      throw new Error(`sign-in failed: ${done.res.status}`);
    return this.csrf('/console');
  }
}
