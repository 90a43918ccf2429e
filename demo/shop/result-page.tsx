import type { FC } from 'hono/jsx';
import type { FlowEntry } from '../simulator/flow-log.ts';
import type { Outcome } from '../simulator/three-ds-server/outcome.ts';
import type { OrderSummary } from './flow-pages.tsx';
import { Inspector } from './inspector.tsx';
import { formatYen, type Lang, langQuery } from './lang.ts';
import { GOOD_OUTCOMES, OUTCOME_TEXT, RESULT_TEXT, WARN_OUTCOMES } from './outcome-text.ts';
import { Layout, SimulatorBar } from './page.tsx';
import { shopText } from './text.ts';

export interface ResultPageProps {
  lang: Lang;
  nonce: string;
  order: OrderSummary;
  messageVersion: string;
  outcome: Outcome;
  entries: readonly FlowEntry[];
}

function tone(outcome: Outcome): string {
  if (GOOD_OUTCOMES.has(outcome.kind)) return 'result good';
  if (WARN_OUTCOMES.has(outcome.kind) || outcome.awaitingRReq) return 'result warn';
  return 'result bad';
}

export const ResultPage: FC<ResultPageProps> = ({ lang, nonce, order, messageVersion, outcome, entries }) => {
  const t = RESULT_TEXT[lang];
  const shop = shopText(lang);
  const waiting = outcome.awaitingRReq || outcome.kind === 'challenge_pending';
  const rows: Array<[string, string | undefined]> = [
    ['transStatus', outcome.transStatus],
    ['transStatusReason', outcome.transStatusReason],
    ['ECI', outcome.eci],
    ['CAVV (authenticationValue)', outcome.authenticationValue],
    ['challengeCancel', outcome.challengeCancel],
    ['errorCode', outcome.errorCode],
    ['errorDetail', outcome.errorDetail],
  ];
  return (
    <Layout lang={lang} title={t.title} nonce={nonce} {...(waiting && { refreshSeconds: 2 })}>
      <SimulatorBar lang={lang} title={shop.shopName} />
      <main>
        <h1>{t.title}</h1>
        <p class="muted">
          {order.productName} · {formatYen(lang, order.amountYen)} · {order.maskedPan} · EMV 3DS {messageVersion}
        </p>
        <section class={tone(outcome)} data-outcome={outcome.kind} aria-live="polite">
          <p>
            <strong>{OUTCOME_TEXT[outcome.kind][lang]}</strong>
          </p>
          {outcome.awaitingRReq && <p class="muted">{t.awaitingRReq}</p>}
          {outcome.kind === 'challenge_pending' && <p class="muted">{t.pending}</p>}
          <dl class="figures">
            <dt>{t.flow}</dt>
            <dd class="plain">{outcome.challenged ? t.flowChallenge : t.flowFrictionless}</dd>
            {rows
              .filter((row): row is [string, string] => row[1] !== undefined)
              .map(([name, value]) => (
                <>
                  <dt>{name}</dt>
                  <dd data-field={name}>{value}</dd>
                </>
              ))}
            {outcome.source && (
              <>
                <dt>{lang === 'ja' ? '出典' : 'From'}</dt>
                <dd>{outcome.source}</dd>
              </>
            )}
          </dl>
        </section>
        <div class="actions">
          <a class="button" href={`/demo/shop${langQuery(lang)}`}>
            {t.again}
          </a>
          <a class="button secondary" href={`/dev/phone${langQuery(lang)}`} target="_blank" rel="noopener">
            {t.phone}
          </a>
          <a class="button secondary" href={`/dev/mail${langQuery(lang)}`} target="_blank" rel="noopener">
            {t.mail}
          </a>
        </div>
        <Inspector lang={lang} entries={entries} />
      </main>
    </Layout>
  );
};
