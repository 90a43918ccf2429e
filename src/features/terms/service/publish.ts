import type { Config } from '../../../app/config.ts';
import type { Actor, ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { effectiveDateProblem, jstDateOf } from '../../../core/terms.ts';
import { newId } from '../../../infra/ids.ts';
import { withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { insertNotice } from '../../../storage/repositories/notices.ts';
import {
  latestPublishedEffectiveAt,
  markTermsPublished,
  termsVersionById,
} from '../../../storage/repositories/terms-versions.ts';
import { startMailing } from '../../operations/service/mailings.ts';

const PROBLEM: Record<NonNullable<ReturnType<typeof effectiveDateProblem>>, string> = {
  invalid: 'the effective date is not a valid date',
  too_soon: 'the effective date must be tomorrow (Japan time) or later',
  not_after_latest: 'the effective date must be after that of the latest published version',
};

type Issuer = Pick<Config, 'PUBLIC_URL'>;

function jaDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The public announcement of a new version (art. 12-2): what changes, where to read it, from when. */
function termsNotice(
  c: Issuer,
  v: { id: string; version: string; changeSummary: string; changeSummaryEn: string },
  date: string,
) {
  const page = `${c.PUBLIC_URL}/notices/terms/${v.id}`;
  return {
    title: `本人認証サービス利用規約の改定（${jaDate(date)}から適用）`,
    titleEn: `Revised terms of the authentication service (in force from ${date})`,
    body: [
      `本人認証サービス利用規約を改定します（規約第12条）。改定後の規約（${v.version} 版）は ${jaDate(date)} 午前0時（日本時間）から適用されます。`,
      '',
      '【改定の概要】',
      v.changeSummary,
      '',
      `改定後の規約の全文: ${page}`,
      '適用日以降に e-net サービスにサインインされた際に、改定後の規約をご確認のうえ同意をお願いします。',
    ].join('\n'),
    bodyEn: [
      `We are revising the terms of the authentication service (art. 12). The revised terms (version ${v.version}) apply from 00:00 Japan time on ${date}.`,
      '',
      'What changes:',
      v.changeSummaryEn,
      '',
      `Full text of the revised terms (Japanese): ${page}`,
      'When you next sign in to the e-net service on or after that date, please read and accept them.',
    ].join('\n'),
  };
}

/**
 * terms art. 12: publishes a draft. In one commit: the version becomes published (effective at 00:00 JST on
 * its date, which must be tomorrow or later and after every published version), its notice goes on /notices
 * with the change summary and the effective date, and a mailing to every enrolled member starts (art. 12-2).
 * The caller wakes the job worker after this returns.
 */
export async function publishTerms(
  deps: Pick<ServiceDeps, 'db' | 'clock'> & { config: Issuer },
  id: string,
  actor: Actor,
): Promise<{ noticeId: string; mailingId: string }> {
  const at = deps.clock.now();
  return withTransaction(deps.db, async (trx) => {
    const v = await termsVersionById(trx, id, { lock: true });
    if (!v) throw new ServiceError('not_found', 'no terms version with that id', 'id');
    if (v.status !== 'draft') throw new ServiceError('conflict', 'this version is already published', 'id');
    if (v.change_summary.trim() === '' || v.change_summary_en.trim() === '')
      throw new ServiceError('invalid', 'a change summary in Japanese and English is required', 'changeSummary');
    const latest = await latestPublishedEffectiveAt(trx);
    const date = jstDateOf(new Date(v.effective_at));
    const problem = effectiveDateProblem(date, at, latest);
    if (problem) throw new ServiceError('invalid', PROBLEM[problem], 'effectiveDate');
    await markTermsPublished(trx, id, actor, at);
    const text = termsNotice(
      deps.config,
      { id, version: v.version, changeSummary: v.change_summary, changeSummaryEn: v.change_summary_en },
      date,
    );
    const noticeId = newId('ntc', at.getTime());
    await insertNotice(trx, {
      id: noticeId,
      kind: 'terms',
      title: text.title,
      title_en: text.titleEn,
      body: text.body,
      body_en: text.bodyEn,
      published_at: at,
      window_id: null,
      created_by: actor,
      created_at: at,
    });
    await appendAudit(trx, {
      actor,
      action: 'terms.publish',
      subjectType: 'terms_version',
      subjectId: id,
      before: { status: 'draft' },
      after: { status: 'published', version: v.version, effectiveDate: date, noticeId },
      at,
    });
    const mailingId = await startMailing(trx, { noticeId, actor, at });
    return { noticeId, mailingId };
  });
}
