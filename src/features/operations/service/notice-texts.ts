import { formatJstDate, formatJstTime } from '../../../core/format.ts';
import type { Lang } from '../../../core/i18n.ts';
import type { ServiceWindowRow } from '../../../storage/tables/operations.ts';
import { jstDate, jstDateTime } from '../../portal/service/time.ts';

/**
 * The words a window's notices take from the window itself (terms art. 3-2, 11-2): when the service stops and
 * resumes, in Japan time, whatever the operator's free text says.
 */

/** `2026年12月10日 01:00 〜 03:00` (unlabelled): the end's date is left out when it is the same day in Japan. */
function span(from: Date, to: Date, lang: Lang): string {
  const sameDay = jstDate(from) === jstDate(to);
  const moment = (d: Date) => `${formatJstDate(d, lang)} ${formatJstTime(d)}`;
  const end = sameDay ? formatJstTime(to) : moment(to);
  // en: `2026-12-10 01:00 – 03:00 JST`
  return lang === 'ja' ? `${moment(from)} 〜 ${end}` : `${moment(from)} – ${end} JST`;
}

/** The period line of an announcement: planned stop and resumption, or "until further notice" for an emergency. */
export function stopPeriodLine(startsAt: Date, endsAt: Date | undefined, lang: Lang): string {
  if (lang === 'ja')
    return endsAt
      ? `停止期間: ${span(startsAt, endsAt, 'ja')}（日本時間）`
      : `停止期間: ${jstDateTime(startsAt, 'ja')}から。再開の時期は決まりしだいお知らせします。`;
  return endsAt
    ? `Service paused: ${span(startsAt, endsAt, 'en')}`
    : `Service paused from ${jstDateTime(startsAt, 'en')}, until further notice.`;
}

/** The announcement's body: the period first, then the operator's text. */
export function announcementBody(w: ServiceWindowRow, lang: Lang): string {
  const line = stopPeriodLine(new Date(w.starts_at), w.ends_at ? new Date(w.ends_at) : undefined, lang);
  return `${line}\n\n${lang === 'ja' ? w.body : w.body_en}`;
}

/** terms art. 11: the notice published when a stop ends, early or as planned (再開のお知らせ). */
export function resumedNotice(
  w: ServiceWindowRow,
  endedAt: Date,
): Record<'title' | 'title_en' | 'body' | 'body_en', string> {
  const startsAt = new Date(w.starts_at);
  return {
    title: `【再開のお知らせ】${w.title}`,
    title_en: `Resumed: ${w.title_en}`,
    body:
      `停止していた本人認証サービスを ${jstDateTime(endedAt, 'ja')}に再開しました。通常どおりご利用いただけます。\n` +
      `停止期間: ${span(startsAt, endedAt, 'ja')}（日本時間）`,
    body_en:
      `The service resumed at ${jstDateTime(endedAt, 'en')} and is available as usual.\n` +
      `It was paused: ${span(startsAt, endedAt, 'en')}`,
  };
}
