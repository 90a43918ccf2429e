import { cardRangesCheck } from './card-ranges.ts';
import { CHECK_TIMEOUT_MS, type CheckResult, type GoLiveCheck, type GoLiveDeps, texts } from './check.ts';
import { cvkCheck } from './cvk.ts';
import { dsUrlCheck } from './ds-url.ts';
import { apiTokenCheck, databaseCheck, masterKeyCheck, operatorsCheck } from './setup.ts';
import { signingCertificateCheck } from './signing-certificate.ts';
import { smsCheck } from './sms.ts';
import { termsCheck } from './terms.ts';

/** The go-live checklist, in the order of docs/operations.md "Going live". A new check is one entry here. */
export const GO_LIVE_CHECKS: readonly GoLiveCheck[] = [
  masterKeyCheck,
  apiTokenCheck,
  databaseCheck,
  cardRangesCheck,
  cvkCheck,
  signingCertificateCheck,
  smsCheck,
  dsUrlCheck,
  termsCheck,
  operatorsCheck,
];

export interface CheckOutcome extends CheckResult {
  id: string;
  title: GoLiveCheck['title'];
}

export interface ChecklistReport {
  overall: CheckResult['status'];
  checkedAt: Date;
  checks: CheckOutcome[];
}

const RANK = { ok: 0, warn: 1, fail: 2 } as const;

/**
 * Runs every check at once. Each is bounded by its timeout, and a check that throws or times out is red with
 * the reason (the error's class only; details go to the log), so the page always renders.
 */
export async function runChecklist(
  deps: GoLiveDeps,
  checks: readonly GoLiveCheck[] = GO_LIVE_CHECKS,
): Promise<ChecklistReport> {
  const checkedAt = deps.clock.now();
  const results = await Promise.all(
    checks.map(async (check) => ({ id: check.id, title: check.title, ...(await runOne(deps, check)) })),
  );
  const overall = results.reduce<CheckResult['status']>((w, r) => (RANK[r.status] > RANK[w] ? r.status : w), 'ok');
  return { overall, checkedAt, checks: results };
}

async function runOne(deps: GoLiveDeps, check: GoLiveCheck): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? CHECK_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: 'fail',
          detail: texts(
            `${timeoutMs / 1000} 秒以内に確認が終わりませんでした。`,
            `The check did not finish within ${timeoutMs / 1000} s.`,
          ),
          fix: texts('接続先と設定を確認してから再読み込み。', 'Check the target and its settings, then reload.'),
        }),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    return await Promise.race([check.run(deps), timedOut]);
  } catch (err) {
    deps.logger.warn({ err, check: check.id }, 'go-live check failed');
    const kind = err instanceof Error ? err.name : 'Error';
    return {
      status: 'fail',
      detail: texts(`確認中にエラーが起きました（${kind}）。`, `The check failed with an error (${kind}).`),
      fix: texts('サーバーのログを確認。', 'See the server log.'),
    };
  } finally {
    clearTimeout(timer);
  }
}
