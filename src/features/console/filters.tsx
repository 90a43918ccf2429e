import { parseJstDate } from '../../core/format.ts';
import type { Lang } from '../../core/i18n.ts';
import type { Signed } from './guard.tsx';
import type { Ctx } from './http.ts';
import { FieldError, t } from './layout.tsx';

/** One field of a console filter form: a real <label for>, the typed value kept, its error beside it. */
export interface FilterField {
  name: string;
  label: string;
  /** Shown under the label, e.g. the date format. */
  hint?: string;
  options?: readonly { value: string; label: string }[];
}

export type FieldErrors = Partial<Record<string, string>>;

export function FilterForm({
  s,
  path,
  fields,
  values,
  errors,
}: {
  s: Signed;
  path: string;
  fields: readonly FilterField[];
  values: (name: string) => string;
  errors: FieldErrors;
}) {
  const l = t(s.lang);
  return (
    <form class="inline" method="get" action={path}>
      {s.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
      {fields.map((f) => {
        const id = `f-${f.name}`;
        const error = errors[f.name];
        const described = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
        const common = {
          id,
          name: f.name,
          'aria-invalid': error ? 'true' : undefined,
          'aria-describedby': described || undefined,
        };
        return (
          <div class="field">
            <label for={id}>{f.label}</label>
            {f.options ? (
              <select {...common}>
                <option value="">{l('すべて', 'All')}</option>
                {f.options.map((o) => (
                  <option value={o.value} selected={values(f.name) === o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input {...common} value={values(f.name)} />
            )}
            {f.hint ? (
              <p class="hint" id={`${id}-hint`}>
                {f.hint}
              </p>
            ) : null}
            <FieldError id={`${id}-error`} text={error} />
          </div>
        );
      })}
      <button type="submit">{l('絞り込み', 'Filter')}</button>
    </form>
  );
}

export const queryValue = (c: Ctx) => (name: string) => c.req.query(name)?.trim() ?? '';

/**
 * `from` / `to` as operators type them, read as Japan time (src/core/format.ts parseJstDate). A bare day in `to`
 * includes that whole day. An unreadable date is reported beside its field, never silently ignored.
 */
export function jstRange(
  value: (name: string) => string,
  lang: Lang,
  errors: FieldErrors,
): { from?: Date | undefined; to?: Date | undefined } {
  const l = t(lang);
  const read = (name: 'from' | 'to'): Date | undefined => {
    const v = value(name);
    if (!v) return undefined;
    const d = parseJstDate(v);
    if (!d) {
      errors[name] = l(
        '日付は 2026-12-05 の形で入力してください（日本時間）。',
        'Enter the date as 2026-12-05 (Japan time).',
      );
      return undefined;
    }
    const bareDay = !/[ T]\d/.test(v);
    return name === 'to' && bareDay ? new Date(d.getTime() + 24 * 3_600_000) : d;
  };
  return { from: read('from'), to: read('to') };
}

export function dateHint(lang: Lang): string {
  return t(lang)('例 2026-12-05（日本時間）', 'e.g. 2026-12-05 (Japan time)');
}
