import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { challengePageHeaders, privatePageHeaders } from './headers.ts';
import { isProtocolPath, requestLimits } from './limits.ts';
import { LINGER_MAX_BYTES, LINGER_MAX_MS } from './linger.ts';
import { unstorableField } from './text-guard.ts';

/**
 * The edge every Hono route sits behind, registered before any route: the body is read here, bounded by the
 * route's size limit and deadline (limits.ts), before any handler can buffer it; then no text PostgreSQL
 * cannot store (U+0000) may pass in the path, the query string or a form field (JSON bodies: text-guard.ts).
 * Refusals answer in the surface's own form: JSON `{code,message,field?}` for the issuer API, a short
 * bilingual page elsewhere (the challenge's headers on protocol paths).
 */
export function guardRequestInput(requestTimeoutSeconds: number): MiddlewareHandler {
  return async (c, next) => {
    const limits = requestLimits(c.req.method, c.req.path, requestTimeoutSeconds);
    const inUrl = unstorableInUrl(c.req.url);
    if (inUrl) return refuse(c, 400, 'invalid_text', inUrl);
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    // Served behind node:http this was already answered (oversized.ts); fetch-style callers end here.
    if (declared !== undefined && Number(declared) > limits.maxBytes) return refuse(c, 413, 'payload_too_large');
    if (limits.streamed) {
      await next();
      // Answered without reading the body (no token, wrong type) or stopped early: drop the rest (lingering).
      if (!body.locked) void discardRest(body);
      return;
    }
    const read = await readBounded(body, limits.maxBytes, limits.deadlineMs);
    if (read === 'too_large') {
      await discardRest(body);
      return refuse(c, 413, 'payload_too_large');
    }
    if (read === 'timeout') return refuse(c, 408, 'request_timeout');
    if (read === 'failed') return refuse(c, 400, 'bad_request');
    c.req.raw = new Request(c.req.raw, { body: read });
    const contentType = c.req.header('content-type') ?? '';
    const field = await unstorableField(contentType, read);
    if (field !== undefined) return refuse(c, 400, 'invalid_text', field);
    return next();
  };
}

function unstorableInUrl(url: string): string | undefined {
  const parsed = new URL(url);
  if (/%00/i.test(parsed.pathname)) return 'path';
  for (const [name, value] of parsed.searchParams) {
    if (name.includes('\u0000') || value.includes('\u0000')) return name.replaceAll('\u0000', '') || 'query';
  }
  return undefined;
}

type Read = Uint8Array<ArrayBuffer> | 'too_large' | 'timeout' | 'failed';

/**
 * Reads at most `maxBytes` within `deadlineMs`. On a refusal the stream is not cancelled (that would close
 * the socket under the answer): a 413 drops the rest first (`discardRest`), a 408 closes after the answer.
 */
async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number, deadlineMs: number): Promise<Read> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  // The lock is released on every return: a refusal may still read the rest to drop it.
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deadlineMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === 'timeout') return 'timeout';
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) return 'too_large';
      chunks.push(next.value);
    }
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Lingering close for a body found too large while streaming: the rest is read and dropped (bounded, as
 * shared/linger.ts) so the client, still sending, can read the 413; the connection then closes.
 */
async function discardRest(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  let discarded = 0;
  const stop = performance.now() + LINGER_MAX_MS;
  try {
    while (discarded < LINGER_MAX_BYTES && performance.now() < stop) {
      const next = await Promise.race([
        reader.read(),
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000).unref()),
      ]);
      if (!next || next.done) return;
      discarded += next.value.byteLength;
    }
  } catch {
    // the client went away: nothing left to answer
  } finally {
    reader.releaseLock();
  }
}

type Refusal = 'payload_too_large' | 'request_timeout' | 'invalid_text' | 'bad_request';

const TEXTS: Record<Refusal, { ja: string; en: string }> = {
  payload_too_large: { ja: '送信された内容が大きすぎます。', en: 'The request is too large.' },
  request_timeout: { ja: '送信に時間がかかりすぎました。', en: 'The request took too long to arrive.' },
  invalid_text: {
    ja: '使用できない文字（NUL）が含まれています。入力を確認してください。',
    en: 'A field contains a character that cannot be accepted (NUL). Check the input.',
  },
  bad_request: { ja: '送信内容を読み取れませんでした。', en: 'The request could not be read.' },
};

function refuse(c: Context, status: 400 | 408 | 413, code: Refusal, field?: string): Response {
  const text = TEXTS[code];
  // The rest of that request's body is not read: the connection ends after the answer.
  if (status !== 400) c.header('Connection', 'close');
  if (c.req.path.startsWith('/api/')) {
    return c.json({ code, message: field ? `${field}: ${text.en}` : text.en, ...(field ? { field } : {}) }, status);
  }
  if (isProtocolPath(c.req.path) && code !== 'invalid_text') return c.text(text.en, status);
  const nonce = randomBytes(16).toString('base64url');
  if (c.req.path.startsWith('/3ds/')) challengePageHeaders(c, nonce, 'challenge');
  else privatePageHeaders(c, nonce);
  const named = field ? field.slice(0, 64) : undefined;
  return c.html(
    html`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${text.ja}</title></head><body><main>
<h1>${text.ja}</h1><p lang="en">${text.en}</p>${named ? html`<p>項目 / field: <code>${named}</code></p>` : ''}
</main></body></html>`.toString(),
    status,
  );
}
