import type { FC } from 'hono/jsx';
import type { Lang } from '../../core/i18n.ts';
import { registrationPaused } from '../operations/service/windows-view.ts';
import { link } from './http.ts';
import type { MemberOverview } from './service/overview.ts';
import { jstDateTime, jstDay, jstDeadline } from './service/time.ts';
import { HOME_TEXTS } from './texts/home.ts';

/** The home page's status blocks: paused functions (terms art. 11), terms to accept (art. 12), notices. */

export function registrationPausedFor(o: MemberOverview): boolean {
  return registrationPaused(o.paused);
}

/** When the windows behind a paused function end: the latest planned end, or undefined if one is open-ended. */
function until(windows: MemberOverview['paused']['windows'], scopes: (scope: string) => boolean): Date | undefined {
  const relevant = windows.filter((w) => scopes(w.scope));
  if (relevant.length === 0 || relevant.some((w) => w.ends_at === null)) return undefined;
  return new Date(Math.max(...relevant.map((w) => new Date(w.ends_at ?? 0).getTime())));
}

export const PausedSection: FC<{ lang: Lang; o: MemberOverview }> = ({ lang, o }) => {
  const t = HOME_TEXTS[lang];
  const p = o.paused;
  const items: Array<{ key: string; text: string; end: Date | undefined }> = [];
  if (p.all) items.push({ key: 'all', text: t.paused.all, end: until(p.windows, (s) => s === 'all') });
  else {
    if (p.sms) items.push({ key: 'sms', text: t.paused.sms, end: until(p.windows, (s) => s === 'sms') });
    if (p.registration && !p.sms)
      items.push({
        key: 'registration',
        text: t.paused.registration,
        end: until(p.windows, (s) => s === 'registration'),
      });
    for (const card of o.cards.filter((c) => c.paused))
      items.push({
        key: 'card',
        text: t.paused.card(card.masked),
        end: until(p.windows, (s) => s.startsWith('range:')),
      });
  }
  if (items.length === 0) return null;
  return (
    <section class="notice alert" role="status" aria-labelledby="paused-h" id="paused">
      <h2 id="paused-h">{t.pausedHeading}</h2>
      <ul class="list">
        {items.map((item) => (
          <li data-paused={item.key}>
            {item.text}{' '}
            <span class="muted">{item.end ? t.pausedUntil(jstDateTime(item.end, lang)) : t.pausedUntilFurther}</span>
          </li>
        ))}
      </ul>
      <p>
        <a href={link(lang, '/notices')}>{t.allNotices}</a>
      </p>
    </section>
  );
};

export const TermsPrompt: FC<{ lang: Lang; o: MemberOverview }> = ({ lang, o }) => {
  if (!o.termsPrompt || !o.currentTerms) return null;
  const t = HOME_TEXTS[lang];
  // Revised: the member accepted an earlier version. Otherwise (provisioned by the issuer) it is the first time.
  const revised = o.acceptedTerms !== undefined;
  return (
    <section class="notice info" role="status" id="terms-prompt" aria-label={t.termsHeading}>
      <p>{revised ? t.termsPrompt(o.currentTerms.version) : t.termsPromptFirst(o.currentTerms.version)}</p>
      <p>
        <a class="button primary" href={link(lang, '/enet/terms')}>
          {revised ? t.termsPromptLink : t.termsPromptFirstLink}
        </a>
      </p>
    </section>
  );
};

export const NoticesSection: FC<{ lang: Lang; o: MemberOverview }> = ({ lang, o }) => {
  const t = HOME_TEXTS[lang];
  return (
    <section class="card" aria-labelledby="notices-h" id="notices">
      <h2 id="notices-h">{t.noticesHeading}</h2>
      {o.nextTerms ? (
        <p id="next-terms" class="message">
          {t.nextTerms(o.nextTerms.version, jstDay(o.nextTerms.effectiveAt, lang))}
        </p>
      ) : null}
      {o.notices.length === 0 ? (
        <p>{t.noNotices}</p>
      ) : (
        <ul class="list">
          {o.notices.map((n) => (
            <li>
              <span class="muted">{jstDay(new Date(n.published_at), lang)}</span>{' '}
              <a href={lang === 'en' ? `/notices?lang=en#${n.id}` : `/notices#${n.id}`}>
                {lang === 'en' ? n.title_en : n.title}
              </a>
              {n.window_over_at ? <span class="badge neutral">{t.noticeOver}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">
        <a href={link(lang, '/notices')}>{t.allNotices}</a>
      </p>
    </section>
  );
};

/** terms art. 5-3-3: an unanswered cooperation request, its due date, and where to answer. */
export const CooperationSection: FC<{ lang: Lang; o: MemberOverview }> = ({ lang, o }) => {
  if (o.cooperation.length === 0) return null;
  const t = HOME_TEXTS[lang];
  return (
    <section class="notice alert" role="status" aria-labelledby="cooperation-h" id="cooperation-request">
      <h2 id="cooperation-h">{t.cooperationHeading}</h2>
      <ul class="list">
        {o.cooperation.map((k) => (
          <li data-case-id={k.caseId}>
            <p>{t.cooperationAsk(k.reference)}</p>
            <p>
              {t.cooperationDue}: <strong class="due">{jstDeadline(k.dueOn, lang)}</strong>
            </p>
            <p>
              <a class="button primary" href={link(lang, `/enet/fraud/cases/${k.caseId}`)}>
                {t.cooperationAnswer}
              </a>
            </p>
          </li>
        ))}
      </ul>
      <p class="muted">{t.cooperationWhy}</p>
    </section>
  );
};
