import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { newId } from '../../infra/ids.ts';
import type { Db } from '../../storage/database.ts';
import type { SessionRow, SessionsTable } from '../../storage/schema.ts';

/**
 * Server-side sessions behind a `__Host-` cookie (Secure, HttpOnly, SameSite=Lax, Path=/). Generic: the portal
 * and the back-office console each pass their own cookie name, table (same shape: `SessionsTable`) and timeouts.
 *
 * The cookie holds 32 random bytes; the table holds only their MAC, so a database leak yields no usable session.
 * A browser without a session still carries a random "pre-session" token in the same cookie (no row): it binds
 * the CSRF token of the sign-in form. Signing in always issues a new token (no session fixation).
 */
export interface SessionSettings {
  cookieName: `__Host-${string}`;
  /** A table with the `SessionsTable` columns. */
  table: SessionTableName;
  idleMs: number;
  absoluteMs: number;
}

export type SessionTableName = 'portal_sessions' | (string & {});

export interface ActiveSession {
  idMac: string;
  publicId: string;
  subject: string;
  createdAt: Date;
  lastSeenAt: Date;
  reauthAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

type SessionDb = Kysely<Record<string, SessionsTable>>;
const TOUCH_EVERY_MS = 60_000;
const USER_AGENT_MAX = 200;

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

function isToken(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export class SessionStore {
  constructor(
    readonly settings: SessionSettings,
    private readonly keys: KeyRing,
  ) {}

  macOf(token: string): string {
    return this.keys.mac('session', token);
  }

  /** The signed-in session for this token, or undefined (none, revoked, idle or past its absolute limit). */
  async read(db: Db, token: string | undefined, now: Date): Promise<ActiveSession | undefined> {
    if (!isToken(token)) return undefined;
    const row = await this.#db(db)
      .selectFrom(this.settings.table)
      .selectAll()
      .where('id_mac', '=', this.macOf(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const lastSeen = new Date(row.last_seen_at);
    if (now >= new Date(row.expires_at) || now.getTime() - lastSeen.getTime() >= this.settings.idleMs) return undefined;
    if (now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS) {
      await this.#db(db)
        .updateTable(this.settings.table)
        .set({ last_seen_at: now })
        .where('id_mac', '=', row.id_mac)
        .execute();
    }
    return toActive(row, now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS ? now : lastSeen);
  }

  /**
   * Starts a session for `subject` (sign-in or re-authentication) and returns its token. `replacing` (the
   * previous token, if any) is revoked in the same step: the id changes whenever the privilege does.
   */
  async start(
    db: Db,
    subject: string,
    meta: SessionMeta,
    now: Date,
    replacing?: { token: string | undefined; createdAt?: Date },
  ): Promise<{ token: string; publicId: string }> {
    const token = newSessionToken();
    const publicId = newId('ses', now.getTime());
    // A re-authentication keeps the original absolute limit: re-entering the password does not extend it.
    const startedAt = replacing?.createdAt ?? now;
    await this.#db(db)
      .insertInto(this.settings.table)
      .values({
        id_mac: this.macOf(token),
        public_id: publicId,
        subject,
        created_at: startedAt,
        last_seen_at: now,
        reauth_at: now,
        expires_at: new Date(startedAt.getTime() + this.settings.absoluteMs),
        revoked_at: null,
        revoked_reason: null,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      })
      .execute();
    if (isToken(replacing?.token)) await this.revoke(db, replacing.token, 'rotated', now);
    return { token, publicId };
  }

  async revoke(db: Db, token: string, reason: string, now: Date): Promise<void> {
    await this.#db(db)
      .updateTable(this.settings.table)
      .set({ revoked_at: now, revoked_reason: reason })
      .where('id_mac', '=', this.macOf(token))
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Ends every live session of the subject, optionally keeping one (the caller's). Returns how many ended. */
  async revokeAll(db: Db, subject: string, reason: string, now: Date, keepIdMac?: string): Promise<number> {
    let query = this.#db(db)
      .updateTable(this.settings.table)
      .set({ revoked_at: now, revoked_reason: reason })
      .where('subject', '=', subject)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now);
    if (keepIdMac) query = query.where('id_mac', '<>', keepIdMac);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Live sessions of the subject, newest first. */
  async list(db: Db, subject: string, now: Date): Promise<ActiveSession[]> {
    const rows = await this.#db(db)
      .selectFrom(this.settings.table)
      .selectAll()
      .where('subject', '=', subject)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', new Date(now.getTime() - this.settings.idleMs))
      .orderBy('last_seen_at', 'desc')
      .execute();
    return rows.map((r) => toActive(r, new Date(r.last_seen_at)));
  }

  // The portal and the console keep sessions in two tables of one shape; Kysely types tables by name, so the
  // store sees the database as "any table name → that shape" (the only cast; the table name is fixed per store).
  #db(db: Db): SessionDb {
    return db as unknown as SessionDb;
  }
}

function toActive(row: SessionRow, lastSeenAt: Date): ActiveSession {
  return {
    idMac: row.id_mac,
    publicId: row.public_id,
    subject: row.subject,
    createdAt: new Date(row.created_at),
    lastSeenAt,
    reauthAt: new Date(row.reauth_at),
    expiresAt: new Date(row.expires_at),
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/** The session cookie's token, if it looks like one of ours. */
export function readSessionCookie(c: Context, settings: SessionSettings): string | undefined {
  const value = getCookie(c, settings.cookieName);
  return isToken(value) ? value : undefined;
}

export function writeSessionCookie(c: Context, settings: SessionSettings, token: string): void {
  setCookie(c, settings.cookieName, token, {
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.floor(settings.absoluteMs / 1000),
  });
}

/**
 * The browser's token: the session cookie's value, or a fresh pre-session token set now. Forms are bound
 * to it through the CSRF token, so every page with a form calls this.
 */
export function ensureBrowserToken(c: Context, settings: SessionSettings): string {
  const current = readSessionCookie(c, settings);
  if (current) return current;
  const token = newSessionToken();
  writeSessionCookie(c, settings, token);
  return token;
}
