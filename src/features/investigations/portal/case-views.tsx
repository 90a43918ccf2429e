import type { FC } from 'hono/jsx';
import { formatAmount } from '../../../core/format.ts';
import { link } from '../../portal/http.ts';
import { BackHome, CsrfField, Notice, type PageFrame, PortalPage } from '../../portal/layout.tsx';
import { jstDateTime, jstDeadline } from '../../portal/service/time.ts';
import { RECORD_TEXTS } from '../../portal/texts/records.ts';
import { CitedText } from '../../terms/articles-view.tsx';
import type { MemberCase, MemberCaseSummary } from '../service/member-view.ts';

/** The member's fraud investigations (terms art. 5-3, issue #8 §5): status, questions to answer, the result. */
export const CasesPage: FC<{ frame: PageFrame; cases: MemberCaseSummary[] }> = ({ frame, cases }) => {
  const t = RECORD_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.casesTitle}>
      <p class="message">{t.casesIntro}</p>
      {cases.length === 0 && <p class="notice info">{t.noCases}</p>}
      <ul class="list" id="cases">
        {cases.map((c) => (
          <li data-case-id={c.id}>
            <p>
              <a href={link(frame.lang, `/enet/fraud/cases/${c.id}`)}>{c.reference}</a>{' '}
              <span class="muted">{jstDateTime(c.reportedAt, frame.lang)}</span>
            </p>
            <p>
              <span class="badge neutral">{t.caseState[c.state]}</span>
            </p>
            {c.openRequests > 0 && <p class="notice alert">{t.openRequests(c.openRequests)}</p>}
          </li>
        ))}
      </ul>
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};

export interface CasePageView {
  frame: PageFrame;
  csrf: string;
  kase: MemberCase;
  notice?: { kind: 'info' | 'alert'; text: string } | undefined;
  /** What the member typed, kept when the answer was refused. */
  draft?: { requestId: string; answer: string } | undefined;
}

export const CasePage: FC<{ view: CasePageView }> = ({ view }) => {
  const { frame, kase } = view;
  const t = RECORD_TEXTS[frame.lang];
  const open = kase.cooperation.filter((k) => k.answeredAt === null);
  const answered = kase.cooperation.filter((k) => k.answeredAt !== null);
  const canAnswer = kase.state === 'reported' || kase.state === 'investigating' || kase.state === 'awaiting_member';
  return (
    <PortalPage frame={frame} title={t.caseTitle(kase.reference)}>
      {view.notice && <Notice kind={view.notice.kind} text={view.notice.text} />}
      <dl class="stack card">
        <dt>{t.caseReference}</dt>
        <dd class="big nowrap" id="case-reference">
          {kase.reference}
        </dd>
        <dt>{t.caseStatus}</dt>
        <dd id="case-status" data-state={kase.state}>
          {t.caseState[kase.state]}
        </dd>
        <dt>{t.caseReportedAt}</dt>
        <dd>{jstDateTime(kase.reportedAt, frame.lang)}</dd>
        <dt>{t.caseTransactions}</dt>
        <dd>
          <ul class="list">
            {kase.transactions.map((x) => (
              <li>
                {x.at ? jstDateTime(x.at, frame.lang) : ''} {x.merchantName ?? ''}{' '}
                {formatAmount(x.amount, x.currency, x.exponent, frame.lang)}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {kase.decision && (
        <section class="card" id="decision">
          <h2>{t.decisionTitle}</h2>
          <p class="muted">
            {t.decisionDate}: {jstDateTime(kase.decision.effectiveAt, frame.lang)}
          </p>
          <p class="terms-body" id="decision-text">
            <CitedText
              text={frame.lang === 'en' ? kase.decision.en : kase.decision.ja}
              termsPath={link(frame.lang, '/enet/terms')}
            />
          </p>
        </section>
      )}
      {open.length > 0 && (
        <section class="card" id="cooperation">
          <h2>{t.cooperationTitle}</h2>
          <p class="message">{t.cooperationIntro}</p>
          {open.map((k) => (
            <form method="post" action={`/enet/fraud/cases/${kase.id}/answer`} data-request-id={k.id}>
              <CsrfField lang={frame.lang} csrf={view.csrf} />
              <input type="hidden" name="request" value={k.id} />
              <p class="terms-body">{k.question}</p>
              <p class="muted">
                {t.dueOn}: {jstDeadline(k.dueOn, frame.lang)}
              </p>
              {canAnswer && (
                <>
                  <div class="field">
                    <label for={`answer-${k.id}`}>{t.yourAnswer}</label>
                    <textarea id={`answer-${k.id}`} name="answer" maxlength={2000} required>
                      {view.draft?.requestId === k.id ? view.draft.answer : ''}
                    </textarea>
                  </div>
                  <button type="submit" class="primary">
                    {t.answerSubmit}
                  </button>
                </>
              )}
            </form>
          ))}
        </section>
      )}
      {answered.length > 0 && (
        <section class="card" id="answered">
          {answered.map((k) => (
            <div>
              <p class="terms-body">{k.question}</p>
              <p>
                {t.yourAnswer}: {k.answer}
              </p>
              <p class="muted">
                {t.answeredAt}: {k.answeredAt ? jstDateTime(k.answeredAt, frame.lang) : ''}
              </p>
            </div>
          ))}
        </section>
      )}
      <p class="hint">
        <a href={link(frame.lang, '/enet/fraud')}>{t.casesLink}</a>
      </p>
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};
