import type { Hono } from 'hono';
import type { AppDeps } from '../../src/app/deps.ts';
import type { AppEnv } from '../../src/app/http/app.ts';
import { pickLang } from '../shop/lang.ts';
import { newNonce, sendPage } from '../shop/page.tsx';
import { latestMessages } from './inbox.ts';
import { InboxPage } from './inbox-page.tsx';

/**
 * GET /dev/phone — the SMS outbox shown as a phone inbox; GET /dev/phone/latest.json?after=<iso> — the same
 * as JSON for scripts and tests. Mounted only with SMS_PROVIDER=outbox: showing the code is the point.
 */
export function mountPhoneInbox(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/dev/phone', async (c) => {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    const messages = await latestMessages(deps);
    const nonce = newNonce();
    return sendPage(c, <InboxPage lang={lang} nonce={nonce} messages={messages} />, { nonce });
  });

  app.get('/dev/phone/latest.json', async (c) => {
    const afterText = c.req.query('after');
    const after = afterText === undefined ? undefined : new Date(afterText);
    if (after && Number.isNaN(after.getTime())) {
      return c.json({ code: 'invalid', message: 'after must be an ISO 8601 date-time', field: 'after' }, 400);
    }
    const messages = await latestMessages(deps, after ? { after } : {});
    c.header('Cache-Control', 'no-store');
    return c.json({
      messages: messages.map((m) => ({ id: m.id, to: m.to, body: m.body, at: m.at.toISOString() })),
    });
  });
}
