import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { methodPageHeaders } from '../../app/http/headers.ts';
import { nulIn } from '../../app/http/text-guard.ts';
import { decodeBase64Url } from '../../features/authentication/challenge/open.ts';
import { recordMethodDevice, recordMethodHeaders } from '../../storage/repositories/method-data.ts';
import { checkMethodData } from '../browser-forms.ts';
import { parseJsonStrict } from '../json.ts';
import { protocolBodyLimit } from './areq.ts';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MAX_COLLECTED = 4096;

/**
 * The 3DS Method URL (EMV 3DS 2.2 §5.8): a hidden iframe posts `threeDSMethodData`; we record what the browser
 * tells us (headers, then a few device facts from a tiny script) by threeDSServerTransID for later risk and
 * fraud evidence, then post the completion back to the 3DS Server's threeDSMethodNotificationURL.
 */
export function mountMethod(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post('/3ds/method', protocolBodyLimit(), async (c) => {
    const request = await readMethodData(c);
    if (!request) return c.text('Bad Request', 400);
    const at = deps.clock.now();
    const headers = {
      userAgent: (c.req.header('user-agent') ?? '').slice(0, 512),
      acceptLanguage: (c.req.header('accept-language') ?? '').slice(0, 128),
      receivedAt: at.toISOString(),
    };
    // The first post for a threeDSServerTransID wins (primary key, do nothing): a later one, whoever sends it,
    // gets the same page, but its collect token was never stored, so its device facts are dropped.
    const collectToken = randomBytes(24).toString('base64url');
    await recordMethodHeaders(deps.db, {
      threeDSServerTransID: request.threeDSServerTransID,
      headers,
      collectMac: collectMac(deps, request.threeDSServerTransID, collectToken),
      at,
    });
    const nonce = randomBytes(16).toString('base64url');
    return page(
      c,
      nonce,
      request.notificationUrl,
      html`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>3DS Method</title></head><body>
<form id="m" method="post" action="/3ds/method/collect">
<input type="hidden" name="threeDSServerTransID" value="${request.threeDSServerTransID}">
<input type="hidden" name="notificationURL" value="${request.notificationUrl}">
<input type="hidden" name="collect" value="${collectToken}">
<input type="hidden" name="device" id="d" value="">
<noscript><button type="submit">continue</button></noscript>
</form>
<script nonce="${nonce}">${raw(COLLECT_SCRIPT)}</script></body></html>`.toString(),
    );
  });

  app.post('/3ds/method/collect', protocolBodyLimit(), async (c) => {
    const form = await c.req.parseBody().catch(() => undefined);
    const id = typeof form?.threeDSServerTransID === 'string' ? form.threeDSServerTransID : '';
    const url = typeof form?.notificationURL === 'string' ? form.notificationURL : '';
    if (!UUID.test(id) || !isHttpUrl(url)) return c.text('Bad Request', 400);
    const device = typeof form?.device === 'string' ? form.device.slice(0, MAX_COLLECTED) : '';
    const parsed = device ? parseJsonStrict(device) : undefined;
    const token = typeof form?.collect === 'string' ? form.collect : '';
    // jsonb cannot hold U+0000 (storage/text.ts): such device data is refused, not half-stored.
    if (parsed?.ok && nulIn(parsed.value, 'device') !== undefined) return c.text('Bad Request: device', 400);
    if (parsed?.ok && token) {
      // One conditional statement: only the holder of the first page's token, and only once. Any other post
      // (another id, a forged or reused token) changes nothing and is answered the same way.
      await recordMethodDevice(deps.db, id, collectMac(deps, id, token), parsed.value, deps.clock.now());
    }
    const nonce = randomBytes(16).toString('base64url');
    const completion = Buffer.from(JSON.stringify({ threeDSServerTransID: id })).toString('base64url');
    return page(
      c,
      nonce,
      url,
      html`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>3DS Method</title></head><body>
<form id="n" method="post" action="${url}"><input type="hidden" name="threeDSMethodData" value="${completion}">
<noscript><button type="submit">continue</button></noscript></form>
<script nonce="${nonce}">document.getElementById('n').submit();</script></body></html>`.toString(),
    );
  });
}

const COLLECT_SCRIPT = `(function(){var s=window.screen||{};var d={screenWidth:s.width,screenHeight:s.height,colorDepth:s.colorDepth,
tzOffset:new Date().getTimezoneOffset(),timeZone:(Intl.DateTimeFormat().resolvedOptions()||{}).timeZone,
languages:navigator.languages,platform:navigator.platform,hardwareConcurrency:navigator.hardwareConcurrency,
cookieEnabled:navigator.cookieEnabled};document.getElementById('d').value=JSON.stringify(d);
document.getElementById('m').submit();})();`;

async function readMethodData(
  c: Context<AppEnv>,
): Promise<{ threeDSServerTransID: string; notificationUrl: string } | undefined> {
  const form = await c.req.parseBody().catch(() => undefined);
  const raw = typeof form?.threeDSMethodData === 'string' ? form.threeDSMethodData : undefined;
  const text = raw ? decodeBase64Url(raw) : undefined;
  const parsed = text ? parseJsonStrict(text) : undefined;
  if (!parsed?.ok) return undefined;
  const id = parsed.value.threeDSServerTransID;
  const url = parsed.value.threeDSMethodNotificationURL;
  if (!checkMethodData(parsed.value).ok || typeof id !== 'string' || typeof url !== 'string' || !isHttpUrl(url)) {
    return undefined;
  }
  return { threeDSServerTransID: id, notificationUrl: url };
}

/** The stored form of a collect token: a MAC bound to its threeDSServerTransID, never the token itself. */
function collectMac(deps: AppDeps, threeDSServerTransID: string, token: string): string {
  return deps.keys.mac('token', `3ds-method:${threeDSServerTransID}:${token}`);
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function page(c: Context<AppEnv>, nonce: string, notificationUrl: string, body: string) {
  methodPageHeaders(c, nonce, new URL(notificationUrl).origin);
  return c.html(body);
}
