import type { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { recordDeliveryReport } from '../../infra/channels/sms/receipts.ts';
import { parseTwilioStatusCallback, verifyTwilioSignature } from '../../infra/channels/sms/twilio.ts';

/** Twilio status callbacks (SMS_PROVIDER=twilio): signed with the auth token; unsigned posts are refused. */
export function mountSmsHooks(app: Hono<AppEnv>, deps: AppDeps): void {
  if (deps.config.SMS_PROVIDER !== 'twilio' || !deps.config.TWILIO_AUTH_TOKEN) return;
  const authToken = deps.config.TWILIO_AUTH_TOKEN;
  app.post('/hooks/sms/twilio', async (c) => {
    const body = await c.req.text();
    const url = `${deps.config.PUBLIC_URL}/hooks/sms/twilio`;
    const signature = c.req.header('x-twilio-signature') ?? '';
    if (!verifyTwilioSignature({ authToken, url, body, signature })) return c.text('Forbidden', 403);
    const report = parseTwilioStatusCallback(body);
    if (report) await recordDeliveryReport(deps.db, report, deps.clock.now());
    return c.body(null, 204);
  });
}
