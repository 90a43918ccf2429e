import type { DisasterPeriodRow } from '../../../storage/tables/investigations.ts';
import type { Signed } from '../../console/guard.tsx';
import { Done } from '../../console/layout.tsx';
import { ActionForm, Field, jst, tl } from './parts.tsx';

/** Terms art. 5-3-8: declared periods of war, earthquake or similar severe social disorder. */
export function DisastersView({ s, rows, done }: { s: Signed; rows: DisasterPeriodRow[]; done?: string | undefined }) {
  const l = tl(s);
  const investigator = s.op.role === 'investigator';
  return (
    <>
      <Done text={done} />
      <p>
        {l(
          '宣言された期間（開始を含み終了を含まない、JST）中の取引には規約第5条第3項第8号が適用されます。',
          'Purchases within a declared period (start inclusive, end exclusive; JST) fall under terms art. 5-3-8.',
        )}
      </p>
      <table id="disasters">
        <thead>
          <tr>
            <th>{l('名称', 'Name')}</th>
            <th>{l('開始', 'Starts')}</th>
            <th>{l('終了', 'Ends')}</th>
            <th>{l('根拠', 'Basis')}</th>
            <th>{l('状態', 'Status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr>
              <td>{d.name}</td>
              <td>{jst(d.starts_at)}</td>
              <td>{jst(d.ends_at)}</td>
              <td>{d.note}</td>
              <td>
                {d.withdrawn_at ? (
                  `${l('取消', 'withdrawn')} ${jst(d.withdrawn_at)}`
                ) : investigator ? (
                  <ActionForm
                    s={s}
                    path={`/console/disasters/${encodeURIComponent(d.id)}/withdraw`}
                    label={l('取消', 'Withdraw')}
                  >
                    <input name="reason" aria-label={l('取消の理由', 'Why withdraw')} required />
                  </ActionForm>
                ) : (
                  l('有効', 'in force')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {investigator ? (
        <ActionForm
          s={s}
          path="/console/disasters"
          label={l('宣言を記録', 'Record the declaration')}
          id="disaster-form"
        >
          <Field id="name" label={l('名称', 'Name')}>
            <input id="name" name="name" required maxlength={200} />
          </Field>
          <Field id="startsAt" label={l('開始 (JST)', 'Starts (JST)')}>
            <input id="startsAt" name="startsAt" type="datetime-local" required />
          </Field>
          <Field id="endsAt" label={l('終了 (JST)', 'Ends (JST)')}>
            <input id="endsAt" name="endsAt" type="datetime-local" required />
          </Field>
          <Field id="note" label={l('根拠（発表元など）', 'Basis (who declared it)')}>
            <input id="note" name="note" required maxlength={2000} />
          </Field>
        </ActionForm>
      ) : null}
    </>
  );
}
