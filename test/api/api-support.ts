import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/storage/database.ts';
import { TEST_API_TOKEN, type TestServer } from '../support/server.ts';

let counter = 0;
/** A path-safe identifier unique within the run. */
export function uniqueId(prefix: string): string {
  counter++;
  return `${prefix}_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`;
}

export interface Sent {
  status: number;
  body: Record<string, unknown> | undefined;
  requestId: string | null;
  text: string;
}

/** A raw request with full control of the body text and content type (server.api always sends JSON). */
export async function send(
  server: TestServer,
  path: string,
  init: { method: string; body?: string; contentType?: string | null; token?: string | null },
): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TEST_API_TOKEN}`;
  if (init.contentType !== null) headers['content-type'] = init.contentType ?? 'application/json';
  const res = await fetch(`${server.url}${path}`, { method: init.method, headers, body: init.body });
  const text = await res.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body, requestId: res.headers.get('x-request-id'), text };
}

/** JSON request through the issuer token. */
export function call(server: TestServer, method: string, path: string, body?: unknown, token?: string | null) {
  return send(server, path, {
    method,
    ...(body !== undefined && { body: JSON.stringify(body) }),
    ...(body === undefined && { contentType: null }),
    ...(token !== undefined && { token }),
  });
}

const TABLES = ['members', 'cards', 'phone_bindings', 'statement_notices', 'enrollment_events', 'audit_log'] as const;

/** Every row of the tables the issuer API writes, for "bad input changes nothing" checks. */
export async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await db.selectFrom(table).selectAll().execute();
  return out;
}

export async function auditRows(db: Db, subjectId: string) {
  return db.selectFrom('audit_log').selectAll().where('subject_id', '=', subjectId).orderBy('seq').execute();
}

export async function bootstrapTokenId(db: Db): Promise<string> {
  const row = await db
    .selectFrom('api_tokens')
    .select('id')
    .where('name', 'like', 'bootstrap%')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The national digits of an E.164 Japanese number (`+819012345678` → `9012345678`), as they might leak. */
export function nationalDigits(e164: string): string {
  return e164.replace(/^\+81/, '');
}
