import type { Hono } from 'hono';
import type { AppDeps } from '../../src/app/deps.ts';
import type { AppEnv } from '../../src/app/http/app.ts';
import { pickLang } from '../shop/lang.ts';
import { newNonce, sendPage } from '../shop/page.tsx';
import { latestMails } from './inbox.ts';
import { MailInboxPage } from './inbox-page.tsx';

/**
 * GET /dev/mail — the email outbox shown as a mail inbox (issue #18 item 9); GET /dev/mail/latest.json — the
 * same as JSON for scripts and tests. Mounted only without SMTP_URL and outside production (src/app/server.ts):
 * the emails carry password-setup links, and showing them is the point of a demo.
 */
export function mountMailInbox(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/dev/mail', async (c) => {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    const mails = await latestMails(deps);
    const nonce = newNonce();
    const phoneInbox = deps.config.SMS_PROVIDER === 'outbox';
    return sendPage(c, <MailInboxPage lang={lang} nonce={nonce} mails={mails} phoneInbox={phoneInbox} />, { nonce });
  });

  app.get('/dev/mail/latest.json', async (c) => {
    const afterText = c.req.query('after');
    const after = afterText === undefined ? undefined : new Date(afterText);
    if (after && Number.isNaN(after.getTime())) {
      return c.json({ code: 'invalid', message: 'after must be an ISO 8601 date-time', field: 'after' }, 400);
    }
    const mails = await latestMails(deps, after ? { after } : {});
    c.header('Cache-Control', 'no-store');
    return c.json({
      mails: mails.map((m) => ({
        id: m.id,
        to: m.to,
        subject: m.subject,
        body: m.body,
        purpose: m.purpose,
        at: m.at.toISOString(),
      })),
    });
  });
}
