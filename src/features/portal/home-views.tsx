import type { FC } from 'hono/jsx';
import type { ActiveSession } from '../../app/http/session.ts';
import { DEREGISTRATION_REASONS, type DeregistrationReason } from '../../core/enrollment.ts';
import { TRUSTED_TEXTS } from '../risk/trusted-texts.ts';
import {
  CooperationSection,
  NoticesSection,
  PausedSection,
  registrationPausedFor,
  TermsPrompt,
} from './home-status.tsx';
import { link } from './http.ts';
import { BackHome, CsrfField, type PageFrame, PortalPage } from './layout.tsx';
import type { MemberOverview } from './service/overview.ts';
import { jstDateTime } from './service/time.ts';
import { AUTH_TEXTS } from './texts/auth.ts';
import { COMMON_TEXTS } from './texts/common.ts';
import { HOME_TEXTS } from './texts/home.ts';

/** terms art. 8-1: the clause behind an issuer's deregistration or restriction, if the reason is one. */
function issuerReason(o: MemberOverview): DeregistrationReason | undefined {
  if (o.enrollment !== 'deregistered' && o.enrollment !== 'restricted') return undefined;
  return (DEREGISTRATION_REASONS as readonly string[]).includes(o.enrollmentReason ?? '')
    ? (o.enrollmentReason as DeregistrationReason)
    : undefined;
}

export const HomePage: FC<{ frame: PageFrame; overview: MemberOverview; callCentre: string }> = ({
  frame,
  overview: o,
  callCentre,
}) => {
  const t = HOME_TEXTS[frame.lang];
  const common = COMMON_TEXTS[frame.lang];
  const l = (p: string) => link(frame.lang, p);
  const byMember = o.enrollment === 'deregistered' && o.enrollmentReason === 'member_request';
  const registrationPaused = registrationPausedFor(o);
  const reason = issuerReason(o);
  const canRegister = (o.enrollment === 'not_enrolled' || byMember) && !registrationPaused;
  return (
    <PortalPage frame={frame} title={t.title}>
      <p class="message">{t.greeting(o.name)}</p>
      <CooperationSection lang={frame.lang} o={o} />
      <PausedSection lang={frame.lang} o={o} />
      <TermsPrompt lang={frame.lang} o={o} />
      <section class="card" aria-labelledby="status-h">
        <h2 id="status-h">{t.statusHeading}</h2>
        <p id="enrollment-status" data-state={o.enrollment}>
          {byMember ? common.deregisteredByMember : common.enrollment[o.enrollment]}
        </p>
        {reason && (
          <div class="notice info" id="issuer-reason" data-clause={reason}>
            <p>
              {o.enrollment === 'deregistered'
                ? t.deregisteredBecause(t.issuerReason[reason])
                : t.restrictedBecause(t.issuerReason[reason])}
            </p>
            <p>{t.issuerContact(frame.issuerName, callCentre)}</p>
          </div>
        )}
        <dl class="kv message">
          <dt>{t.phone}</dt>
          <dd id="masked-phone">{o.maskedPhone ?? t.noPhone}</dd>
        </dl>
        <div class="actions">
          {canRegister && (
            <a class="button primary" href={l('/enet/phone')}>
              {t.register}
            </a>
          )}
          {registrationPaused && o.enrollment !== 'locked' && o.enrollment !== 'restricted' && (
            <p id="registration-paused">{t.registrationPaused}</p>
          )}
          {o.enrollment === 'enrolled' && (
            <>
              {!registrationPaused && (
                <a class="button" href={l('/enet/phone')}>
                  {t.change}
                </a>
              )}
              <a class="button" href={l('/enet/lost')}>
                {t.lost}
              </a>
              <a class="button" href={l('/enet/unregister')}>
                {t.unregister}
              </a>
            </>
          )}
          {(o.enrollment === 'locked' || o.enrollment === 'restricted') && <p class="big">{t.callUs(callCentre)}</p>}
        </div>
      </section>
      <section class="card" aria-labelledby="cards-h">
        <h2 id="cards-h">{t.cardsHeading}</h2>
        {o.cards.length === 0 ? (
          <p>{t.noCards}</p>
        ) : (
          <ul class="list">
            {o.cards.map((card) => (
              <li>
                VISA {card.masked}{' '}
                <span class="muted">
                  {t.expiry} {card.expiry}
                </span>{' '}
                {card.status === 'closed' && <span class="badge neutral">{t.closed}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <NoticesSection lang={frame.lang} o={o} />
      <section class="card" aria-labelledby="terms-h">
        <h2 id="terms-h">{t.termsHeading}</h2>
        {o.acceptedCurrent && o.acceptedTerms ? (
          <p id="terms-status">
            {t.termsAccepted(o.acceptedTerms.version, jstDateTime(o.acceptedTerms.acceptedAt, frame.lang))}
          </p>
        ) : (
          <p id="terms-status" class="notice info">
            {t.termsNeeded(o.currentTerms?.version ?? '')}
          </p>
        )}
        <a href={l('/enet/terms')}>{t.termsLink}</a>
      </section>
      <section class="card" aria-labelledby="more-h">
        <h2 id="more-h">{t.moreHeading}</h2>
        <ul class="list">
          <li>
            <a href={l('/enet/history')}>{t.history}</a>
          </li>
          <li>
            <a href={l('/enet/fraud/new')}>{t.fraud}</a>
          </li>
          <li>
            <a href={l('/enet/sessions')}>{t.sessions}</a>
          </li>
          <li>
            <a href={l('/enet/trusted-merchants')}>{TRUSTED_TEXTS[frame.lang].homeLink}</a>
          </li>
        </ul>
      </section>
    </PortalPage>
  );
};

export const SessionsPage: FC<{ frame: PageFrame; csrf: string; sessions: ActiveSession[]; currentId: string }> = ({
  frame,
  csrf,
  sessions,
  currentId,
}) => {
  const t = AUTH_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.sessionsTitle}>
      <p class="message">{t.sessionsIntro}</p>
      <ul class="list" id="sessions">
        {sessions.map((s) => (
          <li>
            <p>
              {s.userAgent ?? '—'} {s.publicId === currentId && <span class="badge ok">{t.thisDevice}</span>}
            </p>
            <p class="muted">
              {t.signedInAt}: {jstDateTime(s.createdAt, frame.lang)} · {t.lastSeen}:{' '}
              {jstDateTime(s.lastSeenAt, frame.lang)}
              {s.ip ? ` · ${s.ip}` : ''}
            </p>
          </li>
        ))}
      </ul>
      <form method="post" action="/enet/sessions/revoke-all">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <button type="submit" class="danger">
          {t.signOutEverywhere}
        </button>
      </form>
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};
