import type { AppDeps } from '../../app/deps.ts';
import { pageMessageOf } from '../../app/http/errors.ts';
import { ServiceError } from '../../core/errors.ts';
import type { Handler, Signed } from '../console/guard.tsx';
import { type Ctx, withLang } from '../console/http.ts';
import { t } from '../console/layout.tsx';
import { sendConsolePage } from '../console/page.tsx';
import type { GoLiveDeps } from './checks/check.ts';
import { storedCvkStatus } from './checks/cvk-status.ts';
import { runChecklist } from './checks/registry.ts';
import type { GoLiveRouteKey } from './console-access.ts';
import { GoLivePage, type SmsFormState } from './console-views.tsx';
import { sendTestSms } from './service/sms-test.ts';

/** Each outbound probe of the checklist gives up after this long. */
const PROBE_TIMEOUT_MS = 3000;

/** The checks' view of the app (the CVK store: src/features/go-live/checks/cvk-status.ts). */
export function goLiveDeps(app: AppDeps): GoLiveDeps {
  return {
    db: app.db,
    keys: app.keys,
    clock: app.clock,
    config: app.config,
    logger: app.logger,
    signing: app.signing.current,
    smsProvider: app.smsSender.name,
    rreqFallbackUrl: app.rreqFallbackUrl,
    cvkStatus: storedCvkStatus,
    probeTimeoutMs: PROBE_TIMEOUT_MS,
  };
}

async function showChecklist(c: Ctx, s: Signed, app: AppDeps, sms: SmsFormState, status: 200 | 400 | 429 = 200) {
  const report = await runChecklist(goLiveDeps(app));
  return sendConsolePage(
    c,
    s,
    t(s.lang)('本番開始チェックリスト', 'Go-live checklist'),
    <GoLivePage s={s} report={report} sms={sms} />,
    {
      status,
    },
  );
}

/** The go-live checklist (docs/console.md): every check run on each view; the SMS test send. */
export function goLiveHandlers(app: AppDeps) {
  return {
    'GET /console/go-live': async (c, s) => {
      const sent = c.req.query('sms');
      return showChecklist(c, s, app, { sent: sent === 'ok' || sent === 'failed' ? sent : undefined });
    },
    'POST /console/go-live/sms-test': async (c, s) => {
      const phone = s.f('phone');
      try {
        const done = await sendTestSms(app, s.op, phone);
        return c.redirect(withLang(s.lang, `/console/go-live?sms=${done.ok ? 'ok' : 'failed'}`), 303);
      } catch (thrown) {
        if (!(thrown instanceof ServiceError) || (thrown.code !== 'invalid' && thrown.code !== 'rate_limited'))
          throw thrown;
        const l = t(s.lang);
        const error =
          thrown.code === 'invalid'
            ? l(
                '日本の携帯電話番号（070/080/090）を入力してください。',
                'Enter a Japanese mobile number (070/080/090).',
              )
            : `${pageMessageOf('rate_limited', s.lang)} ${l('テスト送信は 1 時間に 5 回までです。', 'At most 5 test sends an hour.')}`;
        return showChecklist(c, s, app, { error }, thrown.code === 'invalid' ? 400 : 429);
      }
    },
  } satisfies Record<GoLiveRouteKey, Handler>;
}
