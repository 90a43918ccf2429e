import type { FC } from 'hono/jsx';
import { formatAmount } from '../../core/format.ts';
import type { Lang } from '../../core/i18n.ts';
import type { CaseState } from '../investigations/service/states.ts';
import { link } from './http.ts';
import { BackHome, CsrfField, Notice, type PageFrame, PortalPage } from './layout.tsx';
import type { FraudReportView } from './service/fraud-reports.ts';
import type { HistoryItem, HistoryOutcome, HistoryPage } from './service/history.ts';
import { FRAUD_DESCRIPTION_MAX } from './service/policy.ts';
import { jstDateTime } from './service/time.ts';
import { RECORD_TEXTS } from './texts/records.ts';

const BADGE: Record<HistoryOutcome, string> = {
  authenticated: 'ok',
  failed: 'ng',
  cancelled: 'neutral',
  timed_out: 'neutral',
  in_progress: 'neutral',
  not_challenged: 'neutral',
};

function amountOf(item: HistoryItem, lang: Lang): string {
  return formatAmount(item.amount, item.currency, item.exponent, lang);
}

export const HistoryPageView: FC<{ frame: PageFrame; history: HistoryPage }> = ({ frame, history }) => {
  const t = RECORD_TEXTS[frame.lang];
  const l = (p: string) => link(frame.lang, p);
  return (
    <PortalPage frame={frame} title={t.historyTitle}>
      <p class="message">{t.historyIntro}</p>
      {history.items.length === 0 && <p class="notice info">{t.empty}</p>}
      <ul class="list" id="history">
        {history.items.map((item) => (
          <li data-acs-trans-id={item.acsTransID}>
            <p class="muted">{jstDateTime(item.at, frame.lang)}</p>
            <p>
              <span class="sr-only">{t.merchant}: </span>
              <strong>{item.merchantName}</strong> <span class="sr-only">{t.amount}: </span>
              {amountOf(item, frame.lang)}
            </p>
            <p>
              <span class="sr-only">{t.result}: </span>
              <span class={`badge ${BADGE[item.outcome]}`}>{t.outcome[item.outcome]}</span>{' '}
              <a href={l(`/enet/fraud/new?txn=${encodeURIComponent(item.acsTransID)}`)}>{t.dontRecognise}</a>
            </p>
          </li>
        ))}
      </ul>
      <p class="hint">
        <a href={l('/enet/fraud')}>{t.casesLink}</a>
      </p>
      <nav class="pager" aria-label={t.historyTitle}>
        {history.page > 1 ? <a href={l(`/enet/history?page=${history.page - 1}`)}>{t.newer}</a> : <span />}
        {history.hasNext ? <a href={l(`/enet/history?page=${history.page + 1}`)}>{t.older}</a> : <span />}
      </nav>
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};

export interface FraudFormView {
  frame: PageFrame;
  csrf: string;
  transactions: HistoryItem[];
  checked: ReadonlySet<string>;
  noticedOn: string;
  today: string;
  description: string;
  contact: string;
  error?: string | undefined;
}

export const FraudFormPage: FC<{ view: FraudFormView }> = ({ view }) => {
  const { frame } = view;
  const t = RECORD_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.fraudTitle}>
      {view.error && <Notice kind="alert" text={view.error} />}
      <p class="message">{t.fraudIntro}</p>
      {view.transactions.length === 0 ? (
        <p class="notice info">{t.noTransactions}</p>
      ) : (
        <form method="post" action="/enet/fraud">
          <CsrfField lang={frame.lang} csrf={view.csrf} />
          <fieldset>
            <legend>{t.transactions}</legend>
            {view.transactions.map((item, i) => (
              <div class="check">
                <input
                  id={`txn-${i}`}
                  name="txn"
                  type="checkbox"
                  value={item.acsTransID}
                  checked={view.checked.has(item.acsTransID)}
                />
                <label for={`txn-${i}`}>
                  {jstDateTime(item.at, frame.lang)} {item.merchantName} {amountOf(item, frame.lang)} (
                  {t.outcome[item.outcome]})
                </label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="noticedOn">{t.noticedOn}</label>
            <input id="noticedOn" name="noticedOn" type="date" value={view.noticedOn} max={view.today} required />
          </div>
          <div class="field">
            <label for="description">{t.description}</label>
            <textarea
              id="description"
              name="description"
              maxlength={FRAUD_DESCRIPTION_MAX}
              required
              aria-describedby="description-hint"
            >
              {view.description}
            </textarea>
            <p id="description-hint" class="muted">
              {t.descriptionHint}
            </p>
          </div>
          <fieldset>
            <legend>{t.contact}</legend>
            <div class="check">
              <input id="contact-email" name="contact" type="radio" value="email" checked={view.contact !== 'phone'} />
              <label for="contact-email">{t.contactEmail}</label>
            </div>
            <div class="check">
              <input id="contact-phone" name="contact" type="radio" value="phone" checked={view.contact === 'phone'} />
              <label for="contact-phone">{t.contactPhone}</label>
            </div>
          </fieldset>
          <button type="submit" class="primary">
            {t.submit}
          </button>
        </form>
      )}
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};

export const FraudReceiptPage: FC<{
  frame: PageFrame;
  report: FraudReportView;
  kase?: { id: string; state: CaseState } | undefined;
}> = ({ frame, report, kase }) => {
  const t = RECORD_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.receiptTitle}>
      <dl class="stack card">
        <dt>{t.reference}</dt>
        <dd class="big nowrap" id="reference">
          {report.reference}
        </dd>
        <dt>{t.reportedAt}</dt>
        <dd>{jstDateTime(report.reportedAt, frame.lang)}</dd>
        <dt>{t.receiptTransactions}</dt>
        <dd>{t.count(report.transactions.length)}</dd>
        <dt>{t.noticedOn}</dt>
        <dd>{report.noticedOn}</dd>
        <dt>{t.description}</dt>
        <dd class="terms-body">{report.description}</dd>
      </dl>
      <Notice kind="info" text={t.receiptBody} />
      {kase && (
        <p class="hint">
          {t.caseStatus}: <span id="case-status">{t.caseState[kase.state]}</span> ·{' '}
          <a href={link(frame.lang, `/enet/fraud/cases/${kase.id}`)}>{t.receiptCase}</a>
        </p>
      )}
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};
