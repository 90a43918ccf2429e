import type { FC } from 'hono/jsx';
import type { Lang } from '../../../core/i18n.ts';
import type { ImportRow } from '../../../storage/repositories/imports.ts';
import { withLang } from '../../console/http.ts';
import { Scroll, t } from '../../console/layout.tsx';
import { jst } from '../../operations/console/shared.tsx';

const STATUS: Record<ImportRow['status'], { ja: string; en: string }> = {
  running: { ja: '実行中', en: 'running' },
  completed: { ja: '完了', en: 'completed' },
  interrupted: { ja: '中断（同じ ID で再開可）', en: 'interrupted (resumable with the same id)' },
};

/** A refused line's code (the issuer API's codes, docs/interfaces.md) in words; the code stays in data-code. */
const LINE_ERROR: Record<string, { ja: string; en: string }> = {
  line_too_long: { ja: '行が長すぎる', en: 'Line too long' },
  invalid_json: { ja: 'JSON として読めない', en: 'Not valid JSON' },
  invalid_field: { ja: '項目の値が不正', en: 'A field is invalid' },
  pan_out_of_range: { ja: 'カード番号がどのカード範囲にもない', en: 'Card number in no card range' },
  duplicate: { ja: '同じ行の中で重複', en: 'Repeated within the line' },
  conflict: { ja: '別のカード参照番号で登録済み', en: 'Registered under another card reference' },
  enrollment_refused: { ja: '登録状態を変更できない', en: 'Enrollment change refused' },
  refused: { ja: '受け付けられない', en: 'Refused' },
};
const lineError = (lang: Lang, code: string) => LINE_ERROR[code]?.[lang] ?? code;

const status = (lang: Lang, s: ImportRow['status']) => (lang === 'en' ? STATUS[s].en : STATUS[s].ja);

const Counts: FC<{ lang: Lang; row: ImportRow }> = ({ lang, row }) => {
  const l = t(lang);
  return (
    <>
      <td>{row.committed_line}</td>
      <td>{row.created}</td>
      <td>{row.updated}</td>
      <td>{row.unchanged}</td>
      <td>{row.failed}</td>
      <td>{status(lang, row.status)}</td>
      <td>{jst(row.started_at)}</td>
      <td>{row.finished_at ? jst(row.finished_at) : l('—', '—')}</td>
    </>
  );
};

const Head: FC<{ lang: Lang }> = ({ lang }) => {
  const l = t(lang);
  return (
    <>
      <th>{l('処理済み行', 'Lines done')}</th>
      <th>{l('新規', 'Created')}</th>
      <th>{l('更新', 'Updated')}</th>
      <th>{l('変更なし', 'Unchanged')}</th>
      <th>{l('エラー', 'Failed')}</th>
      <th>{l('状態', 'Status')}</th>
      <th>{l('開始', 'Started')}</th>
      <th>{l('終了', 'Finished')}</th>
    </>
  );
};

export const ImportsPage: FC<{ lang: Lang; rows: ImportRow[] }> = ({ lang, rows }) => {
  const l = t(lang);
  return (
    <>
      <p>
        {l(
          '一括登録は発行者 API（POST /api/v1/imports）または CLI（npm run ninsho -- import）で実行します。この画面は進捗とエラーの確認用です。',
          'Imports run through the issuer API (POST /api/v1/imports) or the CLI (npm run ninsho -- import); this screen shows their progress and errors.',
        )}
      </p>
      {rows.length === 0 ? (
        <p>{l('一括登録はまだありません。', 'No imports yet.')}</p>
      ) : (
        <Scroll>
          <table id="imports">
            <thead>
              <tr>
                <th>ID</th>
                <th>{l('経路', 'Source')}</th>
                <th>{l('開始者', 'Started by')}</th>
                <Head lang={lang} />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>
                    <a href={withLang(lang, `/console/imports/${row.id}`)}>{row.id}</a>
                  </td>
                  <td>{row.source}</td>
                  <td>{row.started_by}</td>
                  <Counts lang={lang} row={row} />
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </>
  );
};

export const ImportPage: FC<{ lang: Lang; row: ImportRow }> = ({ lang, row }) => {
  const l = t(lang);
  return (
    <>
      <p>
        <a href={withLang(lang, '/console/imports')}>{l('一括登録の一覧へ', 'All imports')}</a>
      </p>
      <Scroll>
        <table id="import">
          <thead>
            <tr>
              <th>{l('経路', 'Source')}</th>
              <th>{l('開始者', 'Started by')}</th>
              <Head lang={lang} />
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{row.source}</td>
              <td>{row.started_by}</td>
              <Counts lang={lang} row={row} />
            </tr>
          </tbody>
        </table>
      </Scroll>
      {row.interruption ? (
        <p class="notice alert" role="alert">
          {l('中断の理由', 'Interrupted by')}: {row.interruption}
        </p>
      ) : null}
      <h2>{l('行エラー', 'Line errors')}</h2>
      {row.errors.length === 0 ? (
        <p>{l('エラーはありません。', 'No errors.')}</p>
      ) : (
        <Scroll>
          <table id="import-errors">
            <thead>
              <tr>
                <th>{l('行', 'Line')}</th>
                <th>{l('項目', 'Field')}</th>
                <th>{l('エラーの種類', 'Error')}</th>
                <th>{l('内容', 'Message')}</th>
              </tr>
            </thead>
            <tbody>
              {row.errors.map((e) => (
                <tr>
                  <td>{e.line}</td>
                  <td>{e.field ?? '—'}</td>
                  <td data-code={e.code}>{lineError(lang, e.code)}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {row.failed > row.errors.length ? (
        <p>
          {l(
            `ほか ${row.failed - row.errors.length} 件のエラーは件数のみ記録しています。`,
            `${row.failed - row.errors.length} more errors are counted but not kept.`,
          )}
        </p>
      ) : null}
    </>
  );
};
