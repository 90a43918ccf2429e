import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../../storage/database.ts';
import {
  findLiveSession,
  insertSession,
  listLiveSessions,
  revokeSession,
  revokeSubjectSessions,
  type SessionTable,
  touchSession,
} from '../../storage/repositories/sessions.ts';
import type { SessionRow } from '../../storage/schema.ts';

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
  /** One of the tables with the `SessionsTable` columns. */
  table: SessionTable;
  idleMs: number;
  absoluteMs: number;
}

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
  async read(db: Executor, token: string | undefined, now: Date): Promise<ActiveSession | undefined> {
    if (!isToken(token)) return undefined;
    const row = await findLiveSession(db, this.settings.table, this.macOf(token));
    if (!row) return undefined;
    const lastSeen = new Date(row.last_seen_at);
    if (now >= new Date(row.expires_at) || now.getTime() - lastSeen.getTime() >= this.settings.idleMs) return undefined;
    if (now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS) {
      await touchSession(db, this.settings.table, row.id_mac, now);
    }
    return toActive(row, now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS ? now : lastSeen);
  }

  /**
   * Starts a session for `subject` (sign-in or re-authentication) and returns its token. `replacing` (the
   * previous token, if any) is revoked in the same step: the id changes whenever the privilege does.
   */
  async start(
    db: Executor,
    subject: string,
    meta: SessionMeta,
    now: Date,
    replacing?: { token: string | undefined; createdAt?: Date },
  ): Promise<{ token: string; publicId: string }> {
    const token = newSessionToken();
    const publicId = newId('ses', now.getTime());
    // A re-authentication keeps the original absolute limit: re-entering the password does not extend it.
    const startedAt = replacing?.createdAt ?? now;
    await insertSession(db, this.settings.table, {
      idMac: this.macOf(token),
      publicId,
      subject,
      createdAt: startedAt,
      lastSeenAt: now,
      expiresAt: new Date(startedAt.getTime() + this.settings.absoluteMs),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    });
    if (isToken(replacing?.token)) await this.revoke(db, replacing.token, 'rotated', now);
    return { token, publicId };
  }

  async revoke(db: Executor, token: string, reason: string, now: Date): Promise<void> {
    await revokeSession(db, this.settings.table, this.macOf(token), reason, now);
  }

  /** Ends every live session of the subject, optionally keeping one (the caller's). Returns how many ended. */
  async revokeAll(db: Executor, subject: string, reason: string, now: Date, keepIdMac?: string): Promise<number> {
    return revokeSubjectSessions(db, this.settings.table, [subject], reason, now, { keepIdMac, unexpiredOnly: true });
  }

  /** Live sessions of the subject, newest first. */
  async list(db: Executor, subject: string, now: Date): Promise<ActiveSession[]> {
    const seenSince = new Date(now.getTime() - this.settings.idleMs);
    const rows = await listLiveSessions(db, this.settings.table, subject, now, seenSince);
    return rows.map((r) => toActive(r, new Date(r.last_seen_at)));
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
