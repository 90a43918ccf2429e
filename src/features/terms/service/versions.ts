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
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import * as versions from '../../../storage/repositories/terms-versions.ts';
import type { TermsVersionRow } from '../../../storage/schema.ts';

/**
 * terms art. 12: the version in force on a date is the published version with the latest effective date that
 * has come. Drafts never count. Investigations (#8) ask this for the date of a disputed purchase.
 */
export function termsInForceOn(db: Executor, date: Date): Promise<TermsVersionRow | undefined> {
  return versions.termsInForceOn(db, date);
}

/** The next published version not yet in force, if one is announced. */
export function nextTermsAfter(db: Executor, date: Date): Promise<TermsVersionRow | undefined> {
  return versions.nextTermsAfter(db, date);
}

export interface TermsVersionView {
  row: TermsVersionRow;
  state: TermsState;
  /** The Japan-time date it takes (or took) effect. */
  effectiveDate: string;
}

/** Every version, newest effective date first, with its state at `at`. */
export async function listTermsVersions(db: Executor, at: Date): Promise<TermsVersionView[]> {
  const rows = await versions.allTermsVersions(db);
  return withSupersession(
    rows.map((row) => ({ row, status: row.status, effectiveAt: new Date(row.effective_at) })),
  ).map((v) => ({ row: v.row, state: termsStateOn(v, at), effectiveDate: jstDateOf(v.effectiveAt) }));
}

export interface DraftInput {
  version: string;
  title: string;
  body: string;
  changeSummary: string;
  changeSummaryEn: string;
  /** `YYYY-MM-DD`, Japan time: the version applies from 00:00 JST that day. */
  effectiveDate: string;
  /** The version describes passkey use: passkeys are offered only under such a version (docs/passkeys.md). */
  coversPasskeys?: boolean;
}

/** The console posts drafts as multipart (UTF-8, 3 bytes a character) within its 64 KiB request limit. */
const MAX_BODY = 20_000;
const MAX_SUMMARY = 4_000;

function checkDraft(input: DraftInput): DraftInput & { effectiveAt: Date; coversPasskeys: boolean } {
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
  return { ...input, version, title, effectiveAt, coversPasskeys: input.coversPasskeys === true };
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
  await withTransaction(deps.db, async (trx) => {
    if (await versions.versionLabelTaken(trx, d.version))
      throw new ServiceError('conflict', 'that version label is already used', 'version');
    await versions.insertTermsVersion(trx, {
      id,
      version: d.version,
      title: d.title,
      body: d.body,
      status: 'draft',
      published_at: null,
      effective_at: d.effectiveAt,
      change_summary: d.changeSummary.trim(),
      change_summary_en: d.changeSummaryEn.trim(),
      covers_passkeys: d.coversPasskeys,
      created_by: actor,
      created_at: at,
      updated_at: at,
      published_by: null,
    });
    await appendAudit(trx, {
      actor,
      action: 'terms.draft.create',
      subjectType: 'terms_version',
      subjectId: id,
      after: { version: d.version, effectiveDate: input.effectiveDate, coversPasskeys: d.coversPasskeys },
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
  await withTransaction(deps.db, async (trx) => {
    const before = await versions.termsVersionById(trx, id, { lock: true });
    if (!before) throw new ServiceError('not_found', 'no terms version with that id', 'id');
    if (before.status !== 'draft') throw new ServiceError('conflict', 'only a draft can be edited', 'id');
    if (await versions.versionLabelTaken(trx, d.version, id))
      throw new ServiceError('conflict', 'that version label is already used', 'version');
    await versions.updateTermsDraftRow(trx, id, {
      version: d.version,
      title: d.title,
      body: d.body,
      effectiveAt: d.effectiveAt,
      changeSummary: d.changeSummary.trim(),
      changeSummaryEn: d.changeSummaryEn.trim(),
      coversPasskeys: d.coversPasskeys,
      at,
    });
    await appendAudit(trx, {
      actor,
      action: 'terms.draft.update',
      subjectType: 'terms_version',
      subjectId: id,
      before: {
        version: before.version,
        effectiveDate: jstDateOf(new Date(before.effective_at)),
        coversPasskeys: before.covers_passkeys,
      },
      after: { version: d.version, effectiveDate: input.effectiveDate, coversPasskeys: d.coversPasskeys },
      at,
    });
  });
}
