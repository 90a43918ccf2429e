import { setPortalPassword } from '../../src/features/portal/service/passwords.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import type { Db } from '../../src/storage/database.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';

export const PASSWORD = 'correct-horse-battery';
export const COOKIE = '__Host-ninsho_enet';

export interface PageResult {
  status: number;
  html: string;
  location: string | null;
  setCookie: string[];
}

/** A browser over plain HTTP: one cookie jar (the portal cookie), Origin set like a browser's form post. */
export class PortalClient {
  cookie: string | undefined;
  html = '';

  constructor(readonly baseUrl: string) {}

  get csrf(): string {
    return /name="csrf" value="([^"]+)"/.exec(this.html)?.[1] ?? '';
  }

  async get(path: string): Promise<PageResult> {
    return this.#send(path, { method: 'GET' });
  }

  /** Posts a form; `csrf` defaults to the last page's token, `origin` to our own (null = no header). */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    opts: { csrf?: string | null; origin?: string | null; referer?: string } = {},
  ): Promise<PageResult> {
    const body = new URLSearchParams();
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf !== null) body.append('csrf', csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const origin = opts.origin === undefined ? new URL(this.baseUrl).origin : opts.origin;
    if (origin !== null) headers.origin = origin;
    if (opts.referer) headers.referer = opts.referer;
    return this.#send(path, { method: 'POST', headers, body: body.toString() });
  }

  /** GET the page, then follow redirects (GET) to the end. */
  async follow(result: PageResult): Promise<PageResult> {
    let r = result;
    for (let i = 0; i < 5 && r.location; i++) r = await this.get(r.location);
    return r;
  }

  async signIn(enetId: string, password = PASSWORD): Promise<PageResult> {
    await this.get('/enet/login');
    return this.post('/enet/login', { enetId, password });
  }

  async reauth(password = PASSWORD): Promise<PageResult> {
    await this.get('/enet/reauth?next=/enet');
    return this.post('/enet/reauth', { password, next: '/enet' });
  }

  async #send(path: string, init: { method: string; headers?: Record<string, string>; body?: string }) {
    const headers: Record<string, string> = { ...init.headers, 'accept-language': 'ja' };
    if (this.cookie) headers.cookie = `${COOKIE}=${this.cookie}`;
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const m = new RegExp(`^${COOKIE}=([^;]*)`).exec(c);
      if (m) this.cookie = m[1];
    }
    this.html = await res.text();
    return { status: res.status, html: this.html, location: res.headers.get('location'), setCookie };
  }
}

/** A cardholder (enrolled unless told otherwise) who has a portal password. */
export async function seedPortalMember(
  db: Db,
  keys: KeyRing,
  opts: { enrolled?: boolean } = {},
): Promise<SeededCardholder> {
  const holder = await seedCardholder(db, keys, opts);
  await setPortalPassword({ db, clock: { now: () => new Date() } }, holder.enetId, PASSWORD, 'test');
  return holder;
}

/** The newest phone-registration code sent to a number (read from the SMS outbox, as the phone would). */
export async function registrationCodeFor(db: Db, keys: KeyRing, phone: string): Promise<string> {
  const rows = await db
    .selectFrom('sms_messages')
    .select(['body_enc', 'purpose'])
    .where('to_mac', '=', keys.mac('phone', phone))
    .where('purpose', '=', 'phone_registration')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  const body = rows[0] ? keys.decrypt(rows[0].body_enc, 'sms') : '';
  const code = /確認コード(\d{6})/.exec(body)?.[1];
  if (!code) throw new Error('no registration code was sent to that number');
  return code;
}

/** A Japanese mobile number unique enough for one test run. */
let phoneCounter = 0;
export function freshMobile(): string {
  phoneCounter++;
  const n = 10_000_000 + ((process.pid * 9973 + phoneCounter * 7919 + Date.now()) % 89_999_999);
  return `+8180${n}`;
}

export async function auditActions(db: Db, enetId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('action')
    .where('subject_type', '=', 'member')
    .where('subject_id', '=', enetId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}
