import type { Executor } from '../database.ts';
import type { SessionRow } from '../schema.ts';

/**
 * Server-side sessions (src/app/http/session.ts). The portal and the console keep them in two tables of one
 * shape (`SessionsTable`); every function names the table it works on.
 */
export type SessionTable = 'portal_sessions' | 'console_sessions';

/** The live (not revoked) session whose token has this MAC. */
export async function findLiveSession(
  db: Executor,
  table: SessionTable,
  idMac: string,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom(table)
    .selectAll()
    .where('id_mac', '=', idMac)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, table: SessionTable, idMac: string, at: Date): Promise<void> {
  await db.updateTable(table).set({ last_seen_at: at }).where('id_mac', '=', idMac).execute();
}

export interface NewSession {
  idMac: string;
  publicId: string;
  subject: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(db: Executor, table: SessionTable, s: NewSession): Promise<void> {
  await db
    .insertInto(table)
    .values({
      id_mac: s.idMac,
      public_id: s.publicId,
      subject: s.subject,
      created_at: s.createdAt,
      last_seen_at: s.lastSeenAt,
      reauth_at: s.lastSeenAt,
      expires_at: s.expiresAt,
      revoked_at: null,
      revoked_reason: null,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

export async function revokeSession(
  db: Executor,
  table: SessionTable,
  idMac: string,
  reason: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable(table)
    .set({ revoked_at: at, revoked_reason: reason })
    .where('id_mac', '=', idMac)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes the subjects' unexpired sessions, except `keepIdMac`; returns how many ended. */
export async function revokeSubjectSessions(
  db: Executor,
  table: SessionTable,
  subjects: readonly string[],
  reason: string,
  at: Date,
  options: { keepIdMac?: string | undefined; unexpiredOnly?: boolean } = {},
): Promise<number> {
  if (subjects.length === 0) return 0;
  let query = db
    .updateTable(table)
    .set({ revoked_at: at, revoked_reason: reason })
    .where('subject', 'in', subjects)
    .where('revoked_at', 'is', null);
  if (options.unexpiredOnly) query = query.where('expires_at', '>', at);
  if (options.keepIdMac) query = query.where('id_mac', '<>', options.keepIdMac);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The subject's unrevoked, unexpired sessions seen since `seenSince`, newest first. */
export async function listLiveSessions(
  db: Executor,
  table: SessionTable,
  subject: string,
  now: Date,
  seenSince: Date,
): Promise<SessionRow[]> {
  return db
    .selectFrom(table)
    .selectAll()
    .where('subject', '=', subject)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', seenSince)
    .orderBy('last_seen_at', 'desc')
    .execute();
}
