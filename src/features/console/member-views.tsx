import { DEREGISTRATION_REASONS } from '../../core/enrollment.ts';
import {
  APPROVAL_STATUS_LABELS,
  CARD_STATUS_LABELS,
  CONFIRMATION_METHOD_LABELS,
  ENROLLMENT_REASON_LABELS,
  labelOf,
  MEMBER_STATUS_LABELS,
  PHONE_VERIFIED_BY_LABELS,
  unboundReasonLabel,
} from '../../core/labels.ts';
import type { Signed } from './guard.tsx';
import { withLang } from './http.ts';
import { Done, FieldError, fmt, Hidden, Scroll, t } from './layout.tsx';
import { MemberRecords } from './member-record-views.tsx';
import { enrollmentText } from './member-search-views.tsx';
import type { MemberFile } from './service/members.ts';
import { CONFIRMATION_METHODS } from './service/roles.ts';

/** The member actions of this page, as they appear in the form's URL. */
export type MemberAction = 'lift-lock' | 'restrict' | 'deregister' | 'reinstate';

/** A refused form, re-rendered: which form, the field at fault ('' = the form as a whole), what was typed. */
export interface RefusedForm {
  action: string;
  field: string;
  message: string;
  values: Readonly<Record<string, string>>;
}

function ActionForm({
  s,
  base,
  action,
  label,
  children,
}: {
  s: Signed;
  base: string;
  action: MemberAction;
  label: string;
  children?: unknown;
}) {
  return (
    <form class="inline" id={`form-${action}`} method="post" action={withLang(s.lang, `${base}/${action}`)}>
      <Hidden csrf={s.csrf} />
      {children as never}
      <button type="submit">{label}</button>
    </form>
  );
}

export function MemberView({
  s,
  file,
  refused,
  done,
}: {
  s: Signed;
  file: MemberFile;
  refused?: RefusedForm | undefined;
  done?: string | undefined;
}) {
  const l = t(s.lang);
  const m = file.member;
  const base = `/console/members/${encodeURIComponent(m.enet_id)}`;
  const isOperator = s.op.role === 'operator';
  const pending = file.approvals.some((a) => a.status === 'pending');
  /** Field helpers of one action's form: ids unique on the page, the kept value, the error beside the field. */
  const f = (action: MemberAction) => {
    const mine = refused?.action === action ? refused : undefined;
    const id = (name: string) => `${action}-${name}`;
    const err = (name: string) => (mine?.field === name ? mine.message : undefined);
    const aria = (name: string) => ({
      id: id(name),
      name,
      'aria-invalid': err(name) ? 'true' : undefined,
      'aria-describedby': err(name) ? `${id(name)}-error` : undefined,
    });
    return {
      value: (name: string) => mine?.values[name] ?? '',
      label: (name: string, text: string) => <label for={id(name)}>{text}</label>,
      aria,
      error: (name: string) => <FieldError id={`${id(name)}-error`} text={err(name)} />,
    };
  };
  const reasons = (action: MemberAction) => {
    const x = f(action);
    return (
      <div class="field">
        {x.label('reason', l('規約の条項', 'Terms article'))}
        <select {...x.aria('reason')}>
          {DEREGISTRATION_REASONS.map((r) => (
            <option value={r} selected={x.value('reason') === r}>
              {labelOf(ENROLLMENT_REASON_LABELS, r, s.lang)}
            </option>
          ))}
        </select>
        {x.error('reason')}
      </div>
    );
  };
  const note = (action: MemberAction, text: string) => {
    const x = f(action);
    return (
      <div class="field">
        {x.label('note', text)}
        <input {...x.aria('note')} value={x.value('note')} maxlength={1000} />
        {x.error('note')}
      </div>
    );
  };
  const lift = f('lift-lock');
  return (
    <>
      <Done text={done} />
      {refused && refused.field === '' ? (
        <p class="notice alert" role="alert" id="action-error">
          {refused.message}
        </p>
      ) : null}
      <p id="member-status">
        {l('登録状態', 'Enrollment')}: <strong>{enrollmentText(s, m.enrollment, m.enrollment_reason)}</strong> ·{' '}
        {labelOf(MEMBER_STATUS_LABELS, m.status, s.lang)} · {m.name}
      </p>
      {isOperator ? (
        <section>
          <h2>{l('操作', 'Actions')}</h2>
          {m.enrollment === 'locked' ? (
            <ActionForm
              s={s}
              base={base}
              action="lift-lock"
              label={l('紛失・盗難ロックを解除', 'Lift lost/stolen lock')}
            >
              <div class="field">
                {lift.label('method', l('本人確認の方法', 'Identity confirmed by'))}
                <select {...lift.aria('method')}>
                  {CONFIRMATION_METHODS.map((x) => (
                    <option value={x} selected={lift.value('method') === x}>
                      {labelOf(CONFIRMATION_METHOD_LABELS, x, s.lang)}
                    </option>
                  ))}
                </select>
                {lift.error('method')}
              </div>
              {note('lift-lock', l('確認した内容', 'How identity was confirmed'))}
            </ActionForm>
          ) : null}
          {m.enrollment === 'enrolled' || m.enrollment === 'locked' ? (
            <ActionForm s={s} base={base} action="restrict" label={l('利用を制限', 'Restrict')}>
              {reasons('restrict')}
              {note('restrict', l('制限の理由（メモ）', 'Note'))}
            </ActionForm>
          ) : null}
          {m.enrollment !== 'deregistered' && !pending ? (
            <ActionForm s={s} base={base} action="deregister" label={l('登録を抹消', 'Deregister')}>
              {reasons('deregister')}
              {note('deregister', l('抹消の理由（メモ）', 'Note'))}
            </ActionForm>
          ) : null}
          {m.enrollment === 'restricted' || m.enrollment === 'deregistered' ? (
            <ActionForm s={s} base={base} action="reinstate" label={l('利用を再開', 'Reinstate')}>
              {note('reinstate', l('再開の理由（メモ）', 'Note'))}
            </ActionForm>
          ) : null}
          {pending ? (
            <p class="notice info">
              {l('登録抹消の承認待ちがあります（承認画面）。', 'A deregistration is waiting for approval.')}
            </p>
          ) : null}
        </section>
      ) : null}
      <h2>{l('カード', 'Cards')}</h2>
      <Scroll>
        <table id="cards">
          <thead>
            <tr>
              <th scope="col">{l('カード参照番号', 'Card reference')}</th>
              <th scope="col">{l('カード番号', 'Card number')}</th>
              <th scope="col">{l('有効期限', 'Expiry')}</th>
              <th scope="col">{l('状態', 'Status')}</th>
            </tr>
          </thead>
          <tbody>
            {file.cards.map((c) => (
              <tr>
                <td class="nowrap">{c.card_ref}</td>
                <td class="nowrap">{c.pan}</td>
                <td class="nowrap">{printedExpiry(c.expiry)}</td>
                <td>{labelOf(CARD_STATUS_LABELS, c.status, s.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2>{l('電話番号の履歴', 'Phone bindings')}</h2>
      <Scroll>
        <table>
          <thead>
            <tr>
              <th scope="col">{l('電話番号', 'Number')}</th>
              <th scope="col">{l('確認方法', 'Verified by')}</th>
              <th scope="col">{l('登録日時', 'Bound')}</th>
              <th scope="col">{l('解除日時', 'Unbound')}</th>
              <th scope="col">{l('解除理由', 'Why unbound')}</th>
            </tr>
          </thead>
          <tbody>
            {file.phones.map((p) => (
              <tr>
                <td class="nowrap">{p.phone_masked}</td>
                <td>{labelOf(PHONE_VERIFIED_BY_LABELS, p.verified_by, s.lang)}</td>
                <td class="nowrap">{fmt(p.bound_at)}</td>
                <td class="nowrap">{p.unbound_at ? fmt(p.unbound_at) : ''}</td>
                <td>{unboundReasonLabel(p.unbound_reason, s.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2>{l('承認待ち・履歴', 'Approvals')}</h2>
      <Scroll>
        <table>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">{l('条項', 'Article')}</th>
              <th scope="col">{l('状態', 'Status')}</th>
              <th scope="col">{l('申請日時', 'Requested')}</th>
            </tr>
          </thead>
          <tbody>
            {file.approvals.map((a) => (
              <tr>
                <td class="nowrap">{a.id}</td>
                <td>{labelOf(ENROLLMENT_REASON_LABELS, a.reason_code, s.lang)}</td>
                <td>{labelOf(APPROVAL_STATUS_LABELS, a.status, s.lang)}</td>
                <td class="nowrap">{fmt(a.requested_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <MemberRecords s={s} file={file} />
    </>
  );
}

/** `YYMM` as printed on the card: `MM/YY`. */
function printedExpiry(yymm: string): string {
  return /^\d{4}$/.test(yymm) ? `${yymm.slice(2)}/${yymm.slice(0, 2)}` : yymm;
}
