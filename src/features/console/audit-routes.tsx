import {
  AUDIT_ACTION_LABELS,
  auditActionFilterOf,
  auditActionLabel,
  auditSubjectLabel,
} from '../../core/audit-labels.ts';
import type { ConsoleRouteKey } from './access.ts';
import { dateHint, type FieldErrors, FilterForm, jstRange, queryValue } from './filters.tsx';
import type { Handler } from './guard.tsx';
import { fmt, Scroll, t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { actorDirectory, actorFilterOf, actorName, browseAudit } from './service/audit-log.ts';
import { verifyAuditChain } from './service/audit-verify.ts';

/** The console's audit trail: browse, filter and verify the hash chain. */
export const auditHandlers = {
  'GET /console/audit': async (c, s) => {
    const l = t(s.lang);
    const value = queryValue(c);
    const errors: FieldErrors = {};
    const range = jstRange(value, s.lang, errors);
    const invalid = Object.keys(errors).length > 0;
    const db = s.web.deps.db;
    const dir = await actorDirectory(db);
    const before = Number(c.req.query('before'));
    const rows = invalid
      ? []
      : await browseAudit(db, {
          actor: value('actor') ? actorFilterOf(dir, value('actor')) : undefined,
          action: value('action') ? auditActionFilterOf(value('action')) : undefined,
          subject: value('subject') || undefined,
          ...range,
          before: Number.isInteger(before) && before > 0 ? before : undefined,
        });
    const chain = await verifyAuditChain(db);
    return sendConsolePage(
      c,
      s,
      l('監査ログ', 'Audit log'),
      <>
        {chain.ok ? (
          <p id="audit-chain" class="notice info">
            {l(
              `改ざん検知の連鎖（ハッシュチェーン）: 正常（全 ${chain.rows} 件を検証済み）`,
              `Hash chain: intact (all ${chain.rows} rows verified)`,
            )}
          </p>
        ) : (
          <p id="audit-chain" class="notice alert" role="alert">
            {l(
              `改ざん検知の連鎖（ハッシュチェーン）: 異常あり（通番 ${chain.firstBad?.seq} で不一致）。管理者に連絡してください。`,
              `Hash chain: BROKEN at seq ${chain.firstBad?.seq}. Tell an administrator.`,
            )}
          </p>
        )}
        <FilterForm
          s={s}
          path="/console/audit"
          values={value}
          errors={errors}
          fields={[
            { name: 'actor', label: l('実行者（ユーザー名など）', 'Actor (username, …)') },
            {
              name: 'action',
              label: l('操作', 'Action'),
              options: Object.keys(AUDIT_ACTION_LABELS).map((code) => ({
                value: code,
                label: auditActionLabel(code, s.lang),
              })),
            },
            { name: 'subject', label: l('対象 ID', 'Subject ID') },
            { name: 'from', label: l('開始日', 'From'), hint: dateHint(s.lang) },
            { name: 'to', label: l('終了日（この日を含む）', 'To (inclusive)'), hint: dateHint(s.lang) },
          ]}
        />
        <Scroll>
          <table id="audit">
            <thead>
              <tr>
                <th scope="col">{l('通番', 'Seq')}</th>
                <th scope="col">{l('日時', 'Time')}</th>
                <th scope="col">{l('実行者', 'Actor')}</th>
                <th scope="col">{l('操作', 'Action')}</th>
                <th scope="col">{l('対象', 'Subject')}</th>
                <th scope="col">{l('理由', 'Reason')}</th>
                <th scope="col">{l('変更前 → 変更後', 'Before → after')}</th>
                <th scope="col">{l('ハッシュ', 'Hash')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td class="nowrap">{r.seq}</td>
                  <td class="nowrap">{fmt(r.at)}</td>
                  <td class="nowrap actor">{actorName(dir, r.actor, s.lang)}</td>
                  <td class="nowrap" data-action={r.action}>
                    {auditActionLabel(r.action, s.lang)}
                  </td>
                  <td class="nowrap">{auditSubjectLabel(r.subject_type, r.subject_id, s.lang)}</td>
                  <td>{r.reason ?? ''}</td>
                  <td>
                    <pre>
                      {JSON.stringify(r.before)} → {JSON.stringify(r.after)}
                    </pre>
                  </td>
                  <td class="nowrap">{r.hash.slice(0, 12)}</td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colspan={8}>{l('該当する記録はありません。', 'No matching rows.')}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </Scroll>
      </>,
      { status: invalid ? 400 : 200 },
    );
  },
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;
