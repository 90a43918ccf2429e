import type { Actor, ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import {
  isVersionLabel,
  jstDateOf,
  jstMidnight,
  type TermsState,
  termsStateOn,
  withSupersession,
} from '../../../core/terms.ts';
import { newId } from '../../../infra/ids.ts';
import type { Db } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import type { TermsVersionRow } from '../../../storage/schema.ts';

/**
 * terms art. 12: the version in force on a date is the published version with the latest effective date that
 * has come. Drafts never count. Investigations (#8) ask this for the date of a disputed purchase.
 */
export async function termsInForceOn(db: Db, date: Date): Promise<TermsVersionRow | undefined> {
  return db
    .selectFrom('terms_versions')
    .selectAll()
    .where('status', '=', 'published')
    .where('effective_at', '<=', date)
    .orderBy('effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The next published version not yet in force, if one is announced. */
export async function nextTermsAfter(db: Db, date: Date): Promise<TermsVersionRow | undefined> {
  return db
    .selectFrom('terms_versions')
    .selectAll()
    .where('status', '=', 'published')
    .where('effective_at', '>', date)
    .orderBy('effective_at', 'asc')
    .limit(1)
    .executeTakeFirst();
}

export interface TermsVersionView {
  row: TermsVersionRow;
  state: TermsState;
  /** The Japan-time date it takes (or took) effect. */
  effectiveDate: string;
}

/** Every version, newest effective date first, with its state at `at`. */
export async function listTermsVersions(db: Db, at: Date): Promise<TermsVersionView[]> {
  const rows = await db.selectFrom('terms_versions').selectAll().orderBy('effective_at', 'desc').execute();
  return withSupersession(
    rows.map((row) => ({ row, status: row.status, effectiveAt: new Date(row.effective_at) })),
  ).map((v) => ({ row: v.row, state: termsStateOn(v, at), effectiveDate: jstDateOf(v.effectiveAt) }));
}

export async function getTermsVersion(db: Db, id: string): Promise<TermsVersionRow> {
  const row = await db.selectFrom('terms_versions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ServiceError('not_found', 'no terms version with that id', 'id');
  return row;
}

export interface DraftInput {
  version: string;
  title: string;
  body: string;
  changeSummary: string;
  changeSummaryEn: string;
  /** `YYYY-MM-DD`, Japan time: the version applies from 00:00 JST that day. */
  effectiveDate: string;
}

/** The console posts drafts as multipart (UTF-8, 3 bytes a character) within its 64 KiB request limit. */
const MAX_BODY = 20_000;
const MAX_SUMMARY = 4_000;

function checkDraft(input: DraftInput): DraftInput & { effectiveAt: Date } {
  const version = input.version.trim();
  if (!isVersionLabel(version))
    throw new ServiceError('invalid', 'version: 1–32 letters, digits, dot, dash or underscore', 'version');
  const title = input.title.trim();
  if (title === '' || title.length > 200) throw new ServiceError('invalid', 'title: 1–200 characters', 'title');
  if (input.body.trim() === '' || input.body.length > MAX_BODY)
    throw new ServiceError('invalid', `body: 1–${MAX_BODY} characters`, 'body');
  if (input.changeSummary.length > MAX_SUMMARY || input.changeSummaryEn.length > MAX_SUMMARY)
    throw new ServiceError('invalid', `change summary: up to ${MAX_SUMMARY} characters`, 'changeSummary');
  const effectiveAt = jstMidnight(input.effectiveDate.trim());
  if (!effectiveAt) throw new ServiceError('invalid', 'effective date: YYYY-MM-DD', 'effectiveDate');
  return { ...input, version, title, effectiveAt };
}

/** A new draft: visible only in the console until it is published. */
export async function createTermsDraft(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  input: DraftInput,
  actor: Actor,
): Promise<string> {
  const d = checkDraft(input);
  const at = deps.clock.now();
  const id = newId('terms', at.getTime());
  await deps.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('terms_versions')
      .select('id')
      .where('version', '=', d.version)
      .executeTakeFirst();
    if (taken) throw new ServiceError('conflict', 'that version label is already used', 'version');
    await trx
      .insertInto('terms_versions')
      .values({
        id,
        version: d.version,
        title: d.title,
        body: d.body,
        status: 'draft',
        published_at: null,
        effective_at: d.effectiveAt,
        change_summary: d.changeSummary.trim(),
        change_summary_en: d.changeSummaryEn.trim(),
        created_by: actor,
        created_at: at,
        updated_at: at,
        published_by: null,
      })
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'terms.draft.create',
      subjectType: 'terms_version',
      subjectId: id,
      after: { version: d.version, effectiveDate: input.effectiveDate },
      at,
    });
  });
  return id;
}

/** Edits a draft; a published version is never edited (its text is what members accepted). */
export async function updateTermsDraft(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  id: string,
  input: DraftInput,
  actor: Actor,
): Promise<void> {
  const d = checkDraft(input);
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('terms_versions')
      .select(['version', 'status', 'effective_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new ServiceError('not_found', 'no terms version with that id', 'id');
    if (before.status !== 'draft') throw new ServiceError('conflict', 'only a draft can be edited', 'id');
    const taken = await trx
      .selectFrom('terms_versions')
      .select('id')
      .where('version', '=', d.version)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (taken) throw new ServiceError('conflict', 'that version label is already used', 'version');
    await trx
      .updateTable('terms_versions')
      .set({
        version: d.version,
        title: d.title,
        body: d.body,
        effective_at: d.effectiveAt,
        change_summary: d.changeSummary.trim(),
        change_summary_en: d.changeSummaryEn.trim(),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'terms.draft.update',
      subjectType: 'terms_version',
      subjectId: id,
      before: { version: before.version, effectiveDate: jstDateOf(new Date(before.effective_at)) },
      after: { version: d.version, effectiveDate: input.effectiveDate },
      at,
    });
  });
}
