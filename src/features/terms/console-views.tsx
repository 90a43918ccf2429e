import type { FC } from 'hono/jsx';
import type { TermsState } from '../../core/terms.ts';
import type { TermsVersionRow } from '../../storage/schema.ts';
import type { Signed } from '../console/guard.tsx';
import { withLang } from '../console/http.ts';
import { Hidden, t } from '../console/layout.tsx';
import { Field, isAdmin, jst } from '../operations/console/shared.tsx';
import { type DiffHunk, type DiffLine, diffCounts, foldUnchanged } from './service/diff.ts';
import type { TermsVersionView } from './service/versions.ts';

const STATE: Record<TermsState, [string, string]> = {
  draft: ['下書き', 'draft'],
  published: ['公表済み（適用前）', 'published (not yet in force)'],
  in_force: ['適用中', 'in force'],
  superseded: ['失効（後の版に置換）', 'superseded'],
};

function termsStateLabel(s: Signed, state: TermsState): string {
  return t(s.lang)(...STATE[state]);
}

interface DraftValues {
  version: string;
  effectiveDate: string;
  title: string;
  body: string;
  changeSummary: string;
  changeSummaryEn: string;
  coversPasskeys: boolean;
}

/** The fields of a draft (create and edit share them). */
const DraftFields: FC<{ s: Signed; v: DraftValues }> = ({ s, v }) => {
  const l = t(s.lang);
  return (
    <>
      <Field id="t-version" label={l('版（例: 2026-12-01）', 'Version label (e.g. 2026-12-01)')}>
        <input id="t-version" name="version" required maxlength={32} value={v.version} />
      </Field>
      <Field
        id="t-effective"
        label={l('効力発生日（日本時間 0 時から適用）', 'Effective date (applies from 00:00 Japan time)')}
      >
        <input id="t-effective" name="effectiveDate" type="date" required value={v.effectiveDate} />
      </Field>
      <Field id="t-title" label={l('表題', 'Title')}>
        <input id="t-title" name="title" required maxlength={200} value={v.title} />
      </Field>
      <Field id="t-body" label={l('本文（日本語）', 'Text (Japanese)')}>
        <textarea id="t-body" name="body" required rows={16} cols={100} maxlength={20000}>
          {v.body}
        </textarea>
      </Field>
      <Field
        id="t-summary"
        label={l(
          '改定の概要（日本語、お知らせとメールに載ります）',
          'Change summary (Japanese; goes in the notice and the email)',
        )}
      >
        <textarea id="t-summary" name="changeSummary" rows={4} cols={100} maxlength={4000}>
          {v.changeSummary}
        </textarea>
      </Field>
      <Field id="t-summary-en" label={l('改定の概要（英語）', 'Change summary (English)')}>
        <textarea id="t-summary-en" name="changeSummaryEn" rows={4} cols={100} maxlength={4000}>
          {v.changeSummaryEn}
        </textarea>
      </Field>
      {/* docs/passkeys.md: passkeys are offered only under a version in force that describes them. */}
      <p>
        <label>
          <input id="t-passkeys" type="checkbox" name="coversPasskeys" value="1" checked={v.coversPasskeys} />{' '}
          {l('パスキーによる認証を含む', 'Covers authentication with passkeys')}
        </label>
      </p>
    </>
  );
};

export const TermsListPage: FC<{ s: Signed; versions: TermsVersionView[]; template: DraftValues }> = ({
  s,
  versions,
  template,
}) => {
  const l = t(s.lang);
  return (
    <>
      <p>
        {l(
          '規約の版（規約第12条）: 下書き → 公表（効力発生日とともに /notices に掲載し、登録会員にメール）→ 効力発生日の日本時間 0 時から適用 → 次の版の適用で失効。',
          'Terms versions (art. 12): draft → published (announced on /notices with its effective date and emailed to enrolled members) → in force from 00:00 Japan time on that date → superseded when the next version takes effect.',
        )}
      </p>
      <table id="terms-versions">
        <thead>
          <tr>
            <th>{l('版', 'Version')}</th>
            <th>{l('表題', 'Title')}</th>
            <th>{l('状態', 'State')}</th>
            <th>{l('効力発生日', 'Effective date')}</th>
            <th>{l('公表', 'Published')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr data-terms-id={v.row.id} data-state={v.state}>
              <td>
                <a href={withLang(s.lang, `/console/terms/${v.row.id}`)}>{v.row.version}</a>
              </td>
              <td>{v.row.title}</td>
              <td class="state">{termsStateLabel(s, v.state)}</td>
              <td>{v.effectiveDate}</td>
              <td>{v.row.published_at ? `${jst(v.row.published_at)} (${v.row.published_by ?? '—'})` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin(s) ? (
        <>
          <h2 id="new-draft-h">{l('新しい版の下書き', 'New draft')}</h2>
          <p>{l('適用中の版の本文から始めます。', 'Starts from the text of the version in force.')}</p>
          <form
            method="post"
            action={withLang(s.lang, '/console/terms')}
            aria-labelledby="new-draft-h"
            enctype="multipart/form-data"
          >
            <Hidden csrf={s.csrf} />
            <DraftFields s={s} v={template} />
            <button type="submit" id="create-draft">
              {l('下書きを作成', 'Create the draft')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
};

/** Added and removed lines are marked by `<ins>`/`<del>` and by a "+"/"−" at the start, not by colour only. */
const TermsDiff: FC<{ s: Signed; lines: DiffLine[]; against: TermsVersionRow }> = ({ s, lines, against }) => {
  const l = t(s.lang);
  const counts = diffCounts(lines);
  const hunks: DiffHunk[] = foldUnchanged(lines);
  return (
    <section aria-labelledby="diff-h">
      <h2 id="diff-h">
        {l(`適用中の版（${against.version}）との差分`, `Changes against the version in force (${against.version})`)}
      </h2>
      <p id="diff-counts">
        {l(
          `追加 ${counts.added} 行 / 削除 ${counts.removed} 行（行頭の + は追加、− は削除）`,
          `${counts.added} lines added / ${counts.removed} removed (+ marks an added line, − a removed one)`,
        )}
      </p>
      <pre id="terms-diff">
        {hunks.map((h) => {
          if (h.op === 'skip')
            return <span class="skip">{`  … ${l(`変更のない ${h.count} 行`, `${h.count} unchanged lines`)} …\n`}</span>;
          if (h.op === 'add') return <ins>{`+ ${h.text}\n`}</ins>;
          if (h.op === 'del') return <del>{`− ${h.text}\n`}</del>;
          return <span>{`  ${h.text}\n`}</span>;
        })}
      </pre>
    </section>
  );
};

export const TermsVersionPage: FC<{
  s: Signed;
  view: TermsVersionView;
  inForce: TermsVersionRow | undefined;
  diff: DiffLine[] | undefined;
  earliest: string;
  mailingId: string | undefined;
}> = ({ s, view, inForce, diff, earliest, mailingId }) => {
  const l = t(s.lang);
  const v = view.row;
  const draft = v.status === 'draft';
  return (
    <>
      {mailingId ? (
        <p class="notice info" role="status" id="published-status">
          {l(
            '公表しました。お知らせを掲載し、会員へのメール送信を開始しました: ',
            'Published. The notice is on /notices and the mailing has started: ',
          )}
          <a href={withLang(s.lang, `/console/mailings/${mailingId}`)}>{l('進捗', 'progress')}</a>
        </p>
      ) : null}
      <table id="terms-meta">
        <tbody>
          <tr>
            <th>{l('状態', 'State')}</th>
            <td id="terms-state" data-state={view.state}>
              {termsStateLabel(s, view.state)}
            </td>
          </tr>
          <tr>
            <th>{l('効力発生日', 'Effective date')}</th>
            <td>{view.effectiveDate} 00:00 JST</td>
          </tr>
          <tr>
            <th>{l('作成', 'Created')}</th>
            <td>
              {jst(v.created_at)} ({v.created_by})
            </td>
          </tr>
          <tr>
            <th>{l('公表', 'Published')}</th>
            <td>{v.published_at ? `${jst(v.published_at)} (${v.published_by ?? '—'})` : '—'}</td>
          </tr>
          <tr>
            <th>{l('パスキーによる認証', 'Authentication with passkeys')}</th>
            <td id="terms-passkeys" data-covers-passkeys={String(v.covers_passkeys)}>
              {v.covers_passkeys ? l('含む', 'covered') : l('含まない', 'not covered')}
            </td>
          </tr>
          <tr>
            <th>{l('改定の概要', 'Change summary')}</th>
            <td>
              <pre>{v.change_summary || '—'}</pre>
              <pre lang="en">{v.change_summary_en || '—'}</pre>
            </td>
          </tr>
        </tbody>
      </table>
      {diff && inForce ? <TermsDiff s={s} lines={diff} against={inForce} /> : null}
      {draft && isAdmin(s) ? (
        <>
          <h2 id="publish-h">{l('公表する', 'Publish')}</h2>
          <form method="post" action={withLang(s.lang, `/console/terms/${v.id}/publish`)} aria-labelledby="publish-h">
            <Hidden csrf={s.csrf} />
            <p>
              {l(
                `効力発生日は ${earliest} 以降で、公表済みのどの版よりも後である必要があります。公表すると /notices に掲載し、登録会員全員へのメール送信を開始します。公表後は編集できません。`,
                `The effective date must be ${earliest} or later, and after every published version. Publishing puts the notice on /notices and starts emailing every enrolled member. A published version cannot be edited.`,
              )}
            </p>
            <label>
              <input type="checkbox" name="confirm" value="1" required />{' '}
              {l(
                '差分・概要・効力発生日を確認しました',
                'I have checked the changes, the summary and the effective date',
              )}
            </label>{' '}
            <button type="submit" id="publish-terms">
              {l('公表する', 'Publish')}
            </button>
          </form>
          <h2 id="edit-h">{l('下書きを編集', 'Edit the draft')}</h2>
          <form
            method="post"
            action={withLang(s.lang, `/console/terms/${v.id}`)}
            aria-labelledby="edit-h"
            enctype="multipart/form-data"
          >
            <Hidden csrf={s.csrf} />
            <DraftFields
              s={s}
              v={{
                version: v.version,
                effectiveDate: view.effectiveDate,
                title: v.title,
                body: v.body,
                changeSummary: v.change_summary,
                changeSummaryEn: v.change_summary_en,
                coversPasskeys: v.covers_passkeys,
              }}
            />
            <button type="submit">{l('保存', 'Save')}</button>
          </form>
        </>
      ) : null}
      <h2>{v.title}</h2>
      <pre id="terms-body" lang="ja">
        {v.body}
      </pre>
      <p>
        <a href={withLang(s.lang, '/console/terms')}>{l('版の一覧へ', 'All versions')}</a>
      </p>
    </>
  );
};
