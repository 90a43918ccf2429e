import type { JsonObject } from '../../src/protocol/json.ts';
import { parseJsonStrict } from '../../src/protocol/json.ts';

export type PostResult =
  | { ok: true; status: number; headers: Headers; body: JsonObject }
  | { ok: false; reason: 'unreachable' | 'timeout' | 'http_status' | 'not_json'; status?: number };

/** Responses larger than this are not a protocol message (docs/interfaces.md: 256 KiB bodies at most). */
const MAX_RESPONSE = 256 * 1024;

/** POSTs a protocol message as JSON and reads a JSON object back. Never throws. */
export async function postJson(
  url: string,
  body: JsonObject,
  options: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<PostResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { ok: false, reason: timeout ? 'timeout' : 'unreachable' };
  }
  let text: string;
  try {
    text = await res.text();
  } catch {
    return { ok: false, reason: 'unreachable', status: res.status };
  }
  if (res.status !== 200) return { ok: false, reason: 'http_status', status: res.status };
  if (text.length > MAX_RESPONSE) return { ok: false, reason: 'not_json', status: res.status };
  const parsed = parseJsonStrict(text);
  if (!parsed.ok) return { ok: false, reason: 'not_json', status: res.status };
  return { ok: true, status: res.status, headers: res.headers, body: parsed.value };
}

/** A one-line account of a failed POST for the message inspector. */
export function describeFailure(result: Extract<PostResult, { ok: false }>): string {
  switch (result.reason) {
    case 'timeout':
      return 'no answer in time';
    case 'unreachable':
      return 'could not connect';
    case 'http_status':
      return `answered HTTP ${result.status ?? '?'}`;
    case 'not_json':
      return 'answered something that is not a JSON message';
  }
}
