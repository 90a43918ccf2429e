import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { otpTtlMs } from '../../core/otp-policy.ts';
import { pausedFunctionsAt, registrationPaused } from '../operations/service/windows-view.ts';
import { phoneConfirmStatus, phoneFormStatus } from './errors.ts';
import { frameOf, memberPage, memberPost } from './guards.tsx';
import { registrationPausedFor } from './home-status.tsx';
import {
  field,
  type Member,
  metaOf,
  type PortalContext,
  type PortalWeb,
  portalBodyLimit,
  redirect,
  sendPage,
} from './http.ts';
import { render } from './layout.tsx';
import { PhoneConfirmPage, PhoneDonePage, PhoneFormPage } from './phone-views.tsx';
import { memberOverview } from './service/overview.ts';
import { confirmPhoneRegistration } from './service/phone-confirm.ts';
import { pendingAttempt, resendRegistrationCode, startPhoneRegistration } from './service/phone-start.ts';
import { jstTime } from './service/time.ts';
import type { PhoneNotice } from './texts/phone.ts';

const FLOW = '/enet/phone';

/** terms art. 2-1 (register) and 2-2 (change): number → code by SMS → confirm. Re-authentication first. */
export function mountPhoneRoutes(app: Hono<AppEnv>, web: PortalWeb): void {
  app.get(
    FLOW,
    memberPage(web, (c, member) => phoneForm(web, c, member, '', undefined, false), FLOW),
  );

  app.post(
    FLOW,
    portalBodyLimit(),
    memberPost(
      web,
      async (c, member, form) => {
        const phone = (field(form, 'phone') ?? '').slice(0, 20);
        const result = await startPhoneRegistration(
          web.deps,
          {
            enetId: member.enetId,
            sessionMac: member.session.idMac,
            phone,
            acceptedTermsVersionId: field(form, 'agree'),
          },
          metaOf(web, c),
        );
        if (result.ok) return redirect(c, member.lang, '/enet/phone/confirm?sent=1');
        const r = result.refusal;
        const notice: PhoneNotice =
          r.reason === 'cooldown' ? { kind: 'cooldown', secondsLeft: r.secondsLeft } : { kind: r.reason };
        return phoneForm(web, c, member, phone, notice, field(form, 'agree') !== undefined);
      },
      FLOW,
    ),
  );

  app.get(
    '/enet/phone/confirm',
    memberPage(
      web,
      async (c, member) => confirmPage(web, c, member, c.req.query('sent') ? { kind: 'code_sent' } : undefined),
      FLOW,
    ),
  );

  app.post(
    '/enet/phone/confirm',
    portalBodyLimit(),
    memberPost(
      web,
      async (c, member, form) => {
        // terms art. 11: a pause that began after the code was sent also stops the registration itself.
        if (registrationPaused(await pausedFunctionsAt(web.deps.db, web.deps.clock.now())))
          return phoneForm(web, c, member, '', { kind: 'paused' });
        const result = await confirmPhoneRegistration(
          web.deps,
          { enetId: member.enetId, sessionMac: member.session.idMac, code: field(form, 'code') ?? '' },
          metaOf(web, c),
        );
        if (result.ok) return redirect(c, member.lang, `/enet/phone/done?kind=${result.kind}`);
        if (result.reason === 'wrong_code')
          return confirmPage(web, c, member, { kind: 'wrong_code', attemptsLeft: result.attemptsLeft });
        if (result.reason === 'code_expired') return confirmPage(web, c, member, { kind: 'code_expired' });
        return phoneForm(web, c, member, '', { kind: result.reason });
      },
      FLOW,
    ),
  );

  app.post(
    '/enet/phone/resend',
    portalBodyLimit(),
    memberPost(
      web,
      async (c, member) => {
        const result = await resendRegistrationCode(
          web.deps,
          { enetId: member.enetId, sessionMac: member.session.idMac },
          metaOf(web, c),
        );
        if (result.ok) return confirmPage(web, c, member, { kind: 'code_resent' });
        const r = result.refusal;
        if (r.reason === 'no_attempt') return phoneForm(web, c, member, '', { kind: 'no_attempt' });
        if (r.reason === 'paused') return phoneForm(web, c, member, '', { kind: 'paused' });
        const notice: PhoneNotice =
          r.reason === 'cooldown' ? { kind: 'cooldown', secondsLeft: r.secondsLeft } : { kind: r.reason };
        return confirmPage(web, c, member, notice);
      },
      FLOW,
    ),
  );

  app.get(
    '/enet/phone/done',
    memberPage(web, async (c, member) => {
      const frame = frameOf(web, c, member.lang, member.csrf);
      const kind = c.req.query('kind') === 'change' ? 'change' : 'register';
      return sendPage(c, frame.nonce, render(<PhoneDonePage frame={frame} kind={kind} />));
    }),
  );
}

async function phoneForm(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  phoneValue: string,
  notice?: PhoneNotice,
  agreed = false,
): Promise<Response> {
  const o = await memberOverview(web.deps, member.enetId, web.deps.clock.now());
  if (!o) return redirect(c, member.lang, '/enet/login');
  const allowed =
    o.enrollment === 'enrolled' ||
    o.enrollment === 'not_enrolled' ||
    (o.enrollment === 'deregistered' && o.enrollmentReason === 'member_request');
  const kind = o.enrollment === 'enrolled' ? 'change' : 'register';
  const termsVersionId = kind === 'register' || !o.acceptedCurrent ? o.currentTerms?.id : undefined;
  const frame = frameOf(web, c, member.lang, member.csrf);
  frame.path = FLOW;
  const paused = registrationPausedFor(o);
  const view = {
    frame,
    csrf: member.csrf,
    kind,
    allowed,
    paused,
    currentMasked: o.maskedPhone,
    termsVersionId,
    phoneValue,
    agreed,
    notice,
  } as const;
  return sendPage(c, frame.nonce, render(<PhoneFormPage view={view} />), phoneFormStatus(notice));
}

async function confirmPage(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  notice: PhoneNotice | undefined,
): Promise<Response> {
  const attempt = await pendingAttempt(web.deps.db, member.enetId, member.session.idMac, web.deps.clock.now());
  if (!attempt) return redirect(c, member.lang, FLOW);
  const frame = frameOf(web, c, member.lang, member.csrf);
  frame.path = '/enet/phone/confirm';
  // the latest code was sent at last_sent_at and lives OTP_TTL_SECONDS (src/features/portal/service/phone-start.ts)
  const ttl = otpTtlMs(web.deps.config.OTP_TTL_SECONDS);
  const sentAt = new Date(attempt.last_sent_at ?? attempt.created_at);
  const validity = { minutes: Math.round(ttl / 60_000), until: jstTime(new Date(sentAt.getTime() + ttl)) };
  const page = (
    <PhoneConfirmPage
      frame={frame}
      csrf={member.csrf}
      kind={attempt.kind}
      masked={attempt.phone_masked}
      validity={validity}
      notice={notice}
    />
  );
  return sendPage(c, frame.nonce, render(page), phoneConfirmStatus(notice));
}
