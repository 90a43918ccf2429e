import { ENROLLMENT_LABELS, ENROLLMENT_REASON_LABELS, labelOf } from '../../core/labels.ts';
import type { Signed } from './guard.tsx';
import { withLang } from './http.ts';
import { FieldError, Scroll, t } from './layout.tsx';
import type { RefusedForm } from './member-views.tsx';
import type { MemberHit } from './service/members.ts';

export function SearchView({
  s,
  hits,
  values,
  refused,
}: {
  s: Signed;
  hits: MemberHit[] | undefined;
  values: (name: string) => string;
  refused?: RefusedForm | undefined;
}) {
  const l = t(s.lang);
  const field = (name: string, label: string, extra: Record<string, string> = {}, hint?: string) => {
    const error = refused?.field === name ? refused.message : undefined;
    const described = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
    return (
      <div class="field">
        <label for={name}>{label}</label>
        <input
          id={name}
          name={name}
          value={values(name)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described || undefined}
          {...extra}
        />
        {hint ? (
          <p class="hint" id={`${name}-hint`}>
            {hint}
          </p>
        ) : null}
        <FieldError id={`${name}-error`} text={error} />
      </div>
    );
  };
  return (
    <>
      <form class="inline" method="get" action="/console/members">
        {s.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        {field('enetId', 'e-net ID')}
        {field('cardRef', l('カード参照番号', 'Card reference'))}
        {field('last4', l('カード番号の下 4 桁', 'Last four digits'), { inputmode: 'numeric' })}
        {field(
          'expiry',
          l('有効期限', 'Expiry'),
          {},
          l('カード表面の表記（MM/YY）または YYMM。省略可', 'As printed (MM/YY) or YYMM; optional'),
        )}
        {field('phone', l('携帯電話番号', 'Mobile number'), { type: 'tel' })}
        <button type="submit">{l('検索', 'Search')}</button>
      </form>
      {refused && refused.field === '' ? (
        <p class="notice alert" role="alert">
          {refused.message}
        </p>
      ) : null}
      {hits ? (
        <Scroll>
          <table id="hits">
            <thead>
              <tr>
                <th scope="col">e-net ID</th>
                <th scope="col">{l('氏名', 'Name')}</th>
                <th scope="col">{l('登録状態', 'Enrollment')}</th>
                <th scope="col">{l('カード', 'Cards')}</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((h) => (
                <tr>
                  <td class="nowrap">
                    <a href={withLang(s.lang, `/console/members/${encodeURIComponent(h.enetId)}`)}>{h.enetId}</a>
                  </td>
                  <td>{h.name}</td>
                  <td>{enrollmentText(s, h.enrollment, h.enrollmentReason)}</td>
                  <td class="nowrap">{h.cards.join(', ')}</td>
                </tr>
              ))}
              {hits.length === 0 ? (
                <tr>
                  <td colspan={4}>{l('該当する会員はいません。', 'No matching member.')}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </Scroll>
      ) : null}
    </>
  );
}

export function enrollmentText(s: Signed, state: string, reason: string | null): string {
  const st = labelOf(ENROLLMENT_LABELS, state, s.lang);
  const why = labelOf(ENROLLMENT_REASON_LABELS, reason, s.lang);
  return why ? (s.lang === 'en' ? `${st} (${why})` : `${st}（${why}）`) : st;
}

/** One member action: its fields with labels, the refused field's message beside it, the typed values kept. */
