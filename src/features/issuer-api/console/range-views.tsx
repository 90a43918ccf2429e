import type { FC } from 'hono/jsx';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Hidden, t } from '../../console/layout.tsx';
import { jst } from '../../operations/console/shared.tsx';
import type { RangeView } from '../range-admin.ts';

export interface RangeFormValues {
  rangeId: string;
  startRange: string;
  endRange: string;
}

/** A refused form: the field at fault and what to say beside it, in the page's language. */
export interface FieldError {
  field: string;
  text: string;
}

export interface PendingDeletion {
  id: string;
  range_id: string | null;
  note: string;
  requested_at: Date;
  requested_by: string;
  requester: string;
}

const FormField: FC<{
  id: keyof RangeFormValues;
  label: string;
  hint: string;
  values: RangeFormValues;
  error: FieldError | undefined;
  pattern: string;
}> = ({ id, label, hint, values, error, pattern }) => {
  const bad = error?.field === id;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        required
        value={values[id]}
        pattern={pattern}
        inputmode={id === 'rangeId' ? undefined : 'numeric'}
        autocomplete="off"
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={bad ? `${id}-error` : `${id}-hint`}
      />
      {bad ? (
        <p class="notice alert" id={`${id}-error`} role="alert">
          {error.text}
        </p>
      ) : (
        <small id={`${id}-hint`}>{hint}</small>
      )}
    </div>
  );
};

export const RangesPage: FC<{
  s: Signed;
  ranges: RangeView[];
  pending: PendingDeletion[];
  values: RangeFormValues;
  error?: FieldError | undefined;
}> = ({ s, ranges, pending, values, error }) => {
  const l = t(s.lang);
  return (
    <>
      <p>
        {l(
          'このACSが認証するカード番号範囲です。範囲外のカード番号の認証要求はエラー（305）で応答し、範囲外のカードは登録できません。変更は数秒ですべてのノードに反映されます。',
          'The card number ranges this ACS authenticates. Authentication requests for numbers outside every range are answered with an error (305), and cards outside them cannot be registered. Changes reach every node within seconds.',
        )}
      </p>
      <h2>{l('追加・変更', 'Add or change')}</h2>
      <form method="post" action={withLang(s.lang, '/console/card-ranges')}>
        <Hidden csrf={s.csrf} />
        <FormField
          id="rangeId"
          label={l('範囲ID', 'Range ID')}
          hint={l(
            '英数字・_・- の1〜64文字。既存のIDなら範囲を変更します。',
            '1–64 of A-Z a-z 0-9 _ -. An existing ID changes that range.',
          )}
          values={values}
          error={error}
          pattern="[A-Za-z0-9_\-]{1,64}"
        />
        <FormField
          id="startRange"
          label={l('開始カード番号', 'Start card number')}
          hint={l('13〜19桁', '13–19 digits')}
          values={values}
          error={error}
          pattern="[0-9]{13,19}"
        />
        <FormField
          id="endRange"
          label={l('終了カード番号', 'End card number')}
          hint={l('開始と同じ桁数で、開始以上', 'As many digits as the start, not below it')}
          values={values}
          error={error}
          pattern="[0-9]{13,19}"
        />
        <button type="submit">{l('保存', 'Save')}</button>
      </form>

      {pending.length > 0 ? (
        <>
          <h2>{l('削除の承認待ち', 'Deletions waiting for approval')}</h2>
          <table>
            <thead>
              <tr>
                <th>{l('範囲ID', 'Range ID')}</th>
                <th>{l('依頼者', 'Requested by')}</th>
                <th>{l('依頼日時', 'Requested at')}</th>
                <th>{l('理由', 'Reason')}</th>
                <th>{l('判断', 'Decision')}</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((p) => (
                <tr>
                  <td>{p.range_id}</td>
                  <td>{p.requester}</td>
                  <td>{jst(p.requested_at)}</td>
                  <td>{p.note}</td>
                  <td>
                    {p.requested_by === s.op.id ? (
                      l('別の管理者の承認を待っています', 'Waiting for another admin')
                    ) : (
                      <form
                        class="inline"
                        method="post"
                        action={withLang(s.lang, `/console/card-ranges/approvals/${p.id}/decide`)}
                      >
                        <Hidden csrf={s.csrf} />
                        <input name="note" aria-label={l('メモ', 'Note')} maxlength={1000} />
                        <button name="decision" value="approved" type="submit">
                          {l('承認して削除', 'Approve and delete')}
                        </button>
                        <button name="decision" value="rejected" type="submit">
                          {l('却下', 'Reject')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      <h2>{l('カード番号範囲', 'Card ranges')}</h2>
      {ranges.length === 0 ? (
        <p class="notice alert" role="status">
          {l(
            '範囲がありません。すべての認証要求がエラー（305）になります。',
            'No ranges: every authentication request is answered with an error (305).',
          )}
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{l('範囲ID', 'Range ID')}</th>
              <th>{l('開始', 'Start')}</th>
              <th>{l('終了', 'End')}</th>
              <th>{l('更新日時', 'Updated')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {ranges.map((r) => (
              <tr>
                <td>{r.rangeId}</td>
                <td>{r.startRange}</td>
                <td>{r.endRange}</td>
                <td>{jst(r.updatedAt)}</td>
                <td>
                  <a href={withLang(s.lang, `/console/card-ranges?edit=${encodeURIComponent(r.rangeId)}`)}>
                    {l('変更', 'Edit')}
                  </a>{' '}
                  <a href={withLang(s.lang, `/console/card-ranges/${encodeURIComponent(r.rangeId)}/delete`)}>
                    {l('削除', 'Delete')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};

export const DeleteConfirmPage: FC<{ s: Signed; range: RangeView; cards: number; error?: string | undefined }> = ({
  s,
  range,
  cards,
  error,
}) => {
  const l = t(s.lang);
  return (
    <>
      <p class="notice alert" role="alert" id="delete-warning">
        {l(
          `この範囲を削除すると、範囲内の有効なカード ${cards} 枚の本人認証ができなくなります（認証要求はエラー305で応答されます）。削除には別の管理者の承認が必要です。`,
          `Deleting this range stops authentication for the ${cards} active card(s) in it (their authentication requests are answered with error 305). A second admin must approve the deletion.`,
        )}
      </p>
      <table>
        <tbody>
          <tr>
            <th>{l('範囲ID', 'Range ID')}</th>
            <td>{range.rangeId}</td>
          </tr>
          <tr>
            <th>{l('範囲', 'Range')}</th>
            <td>
              {range.startRange} – {range.endRange}
            </td>
          </tr>
          <tr>
            <th>{l('有効なカード', 'Active cards')}</th>
            <td id="affected-cards">{cards}</td>
          </tr>
        </tbody>
      </table>
      <form method="post" action={withLang(s.lang, `/console/card-ranges/${encodeURIComponent(range.rangeId)}/delete`)}>
        <Hidden csrf={s.csrf} />
        <div class="field">
          <label for="note">{l('削除の理由', 'Reason for the deletion')}</label>
          <input
            id="note"
            name="note"
            required
            maxlength={1000}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'note-error' : undefined}
          />
          {error ? (
            <p class="notice alert" id="note-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit">{l('削除を依頼する', 'Request the deletion')}</button>{' '}
        <a href={withLang(s.lang, '/console/card-ranges')}>{l('戻る', 'Back')}</a>
      </form>
    </>
  );
};
