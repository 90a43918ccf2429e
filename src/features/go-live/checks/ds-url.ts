import { type ProbeResult, probeUrl, shownUrl } from '../service/probe.ts';
import { type GoLiveCheck, texts } from './check.ts';

const FAILURE_TEXT: Record<string, [string, string]> = {
  timeout: ['応答なし（タイムアウト）', 'no answer (timeout)'],
  connection_refused: ['接続拒否', 'connection refused'],
  dns: ['名前解決の失敗（DNS）', 'name not resolved (DNS)'],
  tls: ['TLS の失敗', 'TLS failure'],
  network: ['ネットワークエラー', 'network error'],
};

function outcome(r: ProbeResult): [string, string] {
  if (r.reachable) return [`HTTP ${r.status} の応答あり`, `answered HTTP ${r.status}`];
  const [ja, en] = FAILURE_TEXT[r.failure] ?? ['エラー', 'error'];
  const code = r.code ? ` ${r.code}` : '';
  return [`${ja}${code}`, `${en}${code}`];
}

/**
 * The DS answers where RReqs go: DS_RREQ_URL and the origin of each DS_URL_ALLOWLIST prefix (docs/interfaces.md).
 * Probed in parallel, each with a short timeout.
 */
export const dsUrlCheck: GoLiveCheck = {
  id: 'ds-rreq-url',
  title: texts('DS の RReq 送信先', 'DS RReq URL'),
  timeoutMs: 8000,
  run: async ({ config, rreqFallbackUrl, probeTimeoutMs }) => {
    const simulator = !config.DS_RREQ_URL;
    const targets = [
      config.DS_RREQ_URL ?? rreqFallbackUrl,
      ...config.DS_URL_ALLOWLIST.map((prefix) => `${new URL(prefix).origin}/`),
    ].filter((url, i, all) => all.indexOf(url) === i);
    const results = await Promise.all(targets.map(async (url) => ({ url, r: await probeUrl(url, probeTimeoutMs) })));
    const lines = results.map(({ url, r }) => {
      const [ja, en] = outcome(r);
      return { ja: `${shownUrl(url)}: ${ja}`, en: `${shownUrl(url)}: ${en}` };
    });
    const detail = texts(lines.map((l) => l.ja).join(' / '), lines.map((l) => l.en).join(' / '));
    if (results.some(({ r }) => !r.reachable))
      return {
        status: 'fail',
        detail,
        fix: texts(
          'DS_RREQ_URL と DS_URL_ALLOWLIST の URL、ファイアウォールと DNS、DS の TLS 証明書を確認（docs/operations.md「Going live」）。',
          'Check the DS_RREQ_URL and DS_URL_ALLOWLIST addresses, the firewall and DNS, and the DS TLS certificate (docs/operations.md "Going live").',
        ),
      };
    if (simulator)
      return {
        status: config.NODE_ENV === 'production' ? 'fail' : 'warn',
        detail: texts(
          `DS_RREQ_URL が未設定のため、組み込みの DS シミュレーター（開発用）に送ります。${detail.ja}`,
          `DS_RREQ_URL is not set: RReqs go to the built-in DS simulator (development). ${detail.en}`,
        ),
        fix: texts(
          'DS_RREQ_URL に Visa DS の RReq URL を設定して再起動。',
          "Set DS_RREQ_URL to the Visa DS's RReq URL and restart.",
        ),
      };
    return { status: 'ok', detail };
  },
};
