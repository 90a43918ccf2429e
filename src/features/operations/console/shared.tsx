import type { Child, FC } from 'hono/jsx';
import { ServiceError } from '../../../core/errors.ts';
import type { Signed } from '../../console/guard.tsx';
import type { Ctx } from '../../console/http.ts';
import { FieldError, t } from '../../console/layout.tsx';

/** A console page of the operations area; `refreshSeconds` makes the browser reload it (progress views). */
const JST_OFFSET_MS = 9 * 3600_000;

/** `2026-12-01 01:00 JST`: operators work in Japan time. */
export function jst(d: Date | string | null | undefined): string {
  if (!d) return '—';
  return `${new Date(new Date(d).getTime() + JST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} JST`;
}

/** The value of a `datetime-local` input, read as Japan time. */
export function jstLocalInput(value: string, field: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value.trim());
  const d = m ? new Date(`${m[1]}T${m[2]}:00+09:00`) : undefined;
  if (!d || Number.isNaN(d.getTime()))
    throw new ServiceError('invalid', `${field}: a date and time (YYYY-MM-DDTHH:MM, Japan time)`, field);
  return d;
}

/** A `datetime-local` value (Japan time) for an instant. */
export function jstLocalValue(d: Date): string {
  return new Date(d.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16);
}

export const param = (c: Ctx, name: string) => c.req.param(name) ?? '';

export const isAdmin = (s: Signed) => s.op.role === 'admin';

/** A labelled input, textarea or select of the operations forms. */
export const Field: FC<{ id: string; label: string; children: Child }> = ({ id, label, children }) => (
  <div class="field">
    <label for={id}>{label}</label>
    {children}
  </div>
);

/** The form names of an announcement's four texts. */
export type NoticeTextName = 'title' | 'body' | 'titleEn' | 'bodyEn';

/**
 * The four texts every announcement carries (Japanese and English title and body): what was typed, a hint
 * where the operator must write it themselves, and a refusal beside its field.
 */
export const NoticeTextFields: FC<{
  s: Signed;
  prefix: string;
  values?: Partial<Record<NoticeTextName, string>> | undefined;
  placeholders?: Record<NoticeTextName, string> | undefined;
  errors?: Partial<Record<string, string>> | undefined;
}> = ({ s, prefix, values, placeholders, errors }) => {
  const l = t(s.lang);
  const field = (name: NoticeTextName, label: string, multiline: boolean) => {
    const id = `${prefix}-${name}`;
    const error = errors?.[name];
    const attrs = {
      id,
      name,
      required: true,
      placeholder: placeholders?.[name],
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': error ? `${id}-error` : undefined,
    };
    return (
      <Field id={id} label={label}>
        {multiline ? (
          <textarea {...attrs} maxlength={4000} rows={3} cols={100}>
            {values?.[name] ?? ''}
          </textarea>
        ) : (
          <input {...attrs} maxlength={200} value={values?.[name] ?? ''} />
        )}
        <FieldError id={`${id}-error`} text={error} />
      </Field>
    );
  };
  return (
    <>
      {field('title', l('件名（日本語）', 'Title (Japanese)'), false)}
      {field('body', l('本文（日本語）', 'Text (Japanese)'), true)}
      {field('titleEn', l('件名（英語）', 'Title (English)'), false)}
      {field('bodyEn', l('本文（英語）', 'Text (English)'), true)}
    </>
  );
};

export function noticeText(s: Signed) {
  return { title: s.f('title'), titleEn: s.f('titleEn'), body: s.f('body'), bodyEn: s.f('bodyEn') };
}
