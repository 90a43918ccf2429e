import type { Insertable } from 'kysely';
import type { Executor } from '../database.ts';
import type { TermsVersionRow, TermsVersionsTable } from '../schema.ts';

/** Terms versions (terms art. 12): drafts, published versions, and which one is in force on a date. */

/** The published version with the latest effective date at or before `date`. */
export function termsInForceOn(db: Executor, date: Date): Promise<TermsVersionRow | undefined> {
  return db
    .selectFrom('terms_versions')
    .selectAll()
    .where('status', '=', 'published')
    .where('effective_at', '<=', date)
    .orderBy('effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The published version with the earliest effective date after `date`. */
export function nextTermsAfter(db: Executor, date: Date): Promise<TermsVersionRow | undefined> {
  return db
    .selectFrom('terms_versions')
    .selectAll()
    .where('status', '=', 'published')
    .where('effective_at', '>', date)
    .orderBy('effective_at', 'asc')
    .limit(1)
    .executeTakeFirst();
}

/** Every version, drafts included, newest effective date first. */
export function allTermsVersions(db: Executor): Promise<TermsVersionRow[]> {
  return db.selectFrom('terms_versions').selectAll().orderBy('effective_at', 'desc').execute();
}

/** Published versions only, oldest effective date first. */
export function publishedTermsVersions(db: Executor): Promise<TermsVersionRow[]> {
  return db
    .selectFrom('terms_versions')
    .selectAll()
    .where('status', '=', 'published')
    .orderBy('effective_at')
    .execute();
}

/** One version; `lock` takes its row lock for the caller's transaction. */
export function termsVersionById(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<TermsVersionRow | undefined> {
  const query = db.selectFrom('terms_versions').selectAll().where('id', '=', id);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Whether another version (not `exceptId`) already carries this label. */
export async function versionLabelTaken(db: Executor, version: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('terms_versions').select('id').where('version', '=', version);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The effective date of the newest published version, if any. */
export async function latestPublishedEffectiveAt(db: Executor): Promise<Date | undefined> {
  const row = await db
    .selectFrom('terms_versions')
    .select('effective_at')
    .where('status', '=', 'published')
    .orderBy('effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.effective_at) : undefined;
}

export async function insertTermsVersion(db: Executor, row: Insertable<TermsVersionsTable>): Promise<void> {
  await db.insertInto('terms_versions').values(row).execute();
}

export interface TermsDraftChange {
  version: string;
  title: string;
  body: string;
  effectiveAt: Date;
  changeSummary: string;
  changeSummaryEn: string;
  coversPasskeys: boolean;
  at: Date;
}

export async function updateTermsDraftRow(db: Executor, id: string, d: TermsDraftChange): Promise<void> {
  await db
    .updateTable('terms_versions')
    .set({
      version: d.version,
      title: d.title,
      body: d.body,
      effective_at: d.effectiveAt,
      change_summary: d.changeSummary,
      change_summary_en: d.changeSummaryEn,
      covers_passkeys: d.coversPasskeys,
      updated_at: d.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function markTermsPublished(db: Executor, id: string, actor: string, at: Date): Promise<void> {
  await db
    .updateTable('terms_versions')
    .set({ status: 'published', published_at: at, published_by: actor, updated_at: at })
    .where('id', '=', id)
    .execute();
}
