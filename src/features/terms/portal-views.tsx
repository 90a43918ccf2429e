import type { FC } from 'hono/jsx';
import type { TermsVersionRow } from '../../storage/schema.ts';
import { BackHome, CsrfField, Notice, type PageFrame, PortalPage } from '../portal/layout.tsx';
import { jstDateTime, jstDay } from '../portal/service/time.ts';
import { TermsArticles } from './articles-view.tsx';
import { TERMS_TEXTS } from './portal-texts.ts';
import type { AcceptedTerms } from './service/acceptance.ts';

export const TermsPage: FC<{
  frame: PageFrame;
  csrf: string;
  current: TermsVersionRow | undefined;
  /** A published version that is not in force yet (terms art. 12-2: announced before it applies). */
  next?: TermsVersionRow | undefined;
  accepted: AcceptedTerms | undefined;
  notice?: 'thanks' | 'stale' | undefined;
}> = ({ frame, csrf, current, next, accepted, notice }) => {
  const t = TERMS_TEXTS[frame.lang];
  const acceptedCurrent = current !== undefined && accepted?.versionId === current.id;
  const changes = current && (frame.lang === 'en' ? current.change_summary_en : current.change_summary);
  return (
    <PortalPage frame={frame} title={t.title}>
      {notice && <Notice kind={notice === 'thanks' ? 'info' : 'alert'} text={t[notice]} />}
      {next && (
        <p id="terms-upcoming" class="notice info">
          {t.upcoming(next.version, jstDay(new Date(next.effective_at), frame.lang))}{' '}
          <a href={frame.lang === 'en' ? `/notices/terms/${next.id}?lang=en` : `/notices/terms/${next.id}`}>
            {t.upcomingLink}
          </a>
        </p>
      )}
      {!current ? (
        <p>{t.none}</p>
      ) : (
        <>
          <h2 id="terms-version">{t.version(current.version)}</h2>
          <p class="muted">{t.effective(jstDay(new Date(current.effective_at), frame.lang))}</p>
          {accepted && (
            <p id="accepted" class="message">
              {t.accepted(accepted.version, jstDateTime(accepted.acceptedAt, frame.lang))}
            </p>
          )}
          {changes && accepted && !acceptedCurrent && (
            <section class="card" aria-labelledby="terms-changes">
              <h2 id="terms-changes">{t.changes}</h2>
              {/* a scrolling box: focusable so the keyboard can scroll it (WCAG 2.1.1) */}
              <section class="terms-body" tabindex={0} aria-labelledby="terms-changes">
                {changes}
              </section>
            </section>
          )}
          {t.japaneseOnly && <p class="muted">{t.japaneseOnly}</p>}
          <section class="card" lang="ja" aria-labelledby="terms-title">
            <h2 id="terms-title">{current.title}</h2>
            <section class="terms-body" tabindex={0} aria-labelledby="terms-title">
              {current.body}
            </section>
          </section>
          <TermsArticles heading={t.articles} note={t.articlesNote} />
          {acceptedCurrent ? (
            <p class="notice info">{t.acceptedCurrent}</p>
          ) : (
            <form method="post" action="/enet/terms/accept">
              <p class="notice info">{t.notAccepted}</p>
              <CsrfField lang={frame.lang} csrf={csrf} />
              <input type="hidden" name="version" value={current.id} />
              <div class="check">
                <input id="agree" name="agree" type="checkbox" value="1" required />
                <label for="agree">{t.agreeLabel}</label>
              </div>
              <button type="submit" class="primary">
                {t.accept}
              </button>
            </form>
          )}
        </>
      )}
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};
