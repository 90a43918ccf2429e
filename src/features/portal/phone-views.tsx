import type { FC } from 'hono/jsx';
import { link } from './http.ts';
import { BackHome, CsrfField, Notice, type PageFrame, PortalPage } from './layout.tsx';
import { PHONE_TEXTS, type PhoneNotice } from './texts/phone.ts';

const INFO: ReadonlySet<PhoneNotice['kind']> = new Set(['code_sent', 'code_resent', 'cooldown']);

const PhoneNoticeView: FC<{ frame: PageFrame; notice: PhoneNotice | undefined }> = ({ frame, notice }) =>
  notice ? (
    <Notice kind={INFO.has(notice.kind) ? 'info' : 'alert'} text={PHONE_TEXTS[frame.lang].notice(notice)} />
  ) : null;

export interface PhoneFormView {
  frame: PageFrame;
  csrf: string;
  kind: 'register' | 'change';
  /** Registration is refused in this enrollment state (locked, restricted, deregistered by the issuer). */
  allowed: boolean;
  /** terms art. 11: registration, SMS sending or the whole service is paused right now. */
  paused: boolean;
  currentMasked: string | undefined;
  /** The terms version to accept with this registration, when one is needed. */
  termsVersionId: string | undefined;
  phoneValue: string;
  /** The consent box as the member left it: kept ticked after a refusal (issue #18 item 3). */
  agreed: boolean;
  notice?: PhoneNotice | undefined;
}

export const PhoneFormPage: FC<{ view: PhoneFormView }> = ({ view }) => {
  const { frame } = view;
  const t = PHONE_TEXTS[frame.lang];
  const title = view.kind === 'change' ? t.changeTitle : t.registerTitle;
  if (!view.allowed || view.paused) {
    return (
      <PortalPage frame={frame} title={title}>
        <Notice kind="alert" text={view.allowed ? t.notice({ kind: 'paused' }) : t.notAllowed} />
        <BackHome lang={frame.lang} />
      </PortalPage>
    );
  }
  return (
    <PortalPage frame={frame} title={title}>
      <PhoneNoticeView frame={frame} notice={view.notice} />
      <p class="message">
        {view.kind === 'change' && view.currentMasked ? t.changeIntro(view.currentMasked) : t.registerIntro}
      </p>
      <form method="post" action="/enet/phone">
        <CsrfField lang={frame.lang} csrf={view.csrf} />
        <div class="field">
          <label for="phone">{t.phoneLabel}</label>
          <input
            id="phone"
            name="phone"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            value={view.phoneValue}
            maxlength={20}
            required
            aria-describedby="phone-hint"
          />
          <p id="phone-hint" class="muted">
            {t.phoneHint}
          </p>
        </div>
        {view.termsVersionId && (
          <>
            <div class="check">
              <input
                id="agree"
                name="agree"
                type="checkbox"
                value={view.termsVersionId}
                checked={view.agreed}
                required
              />
              <label for="agree">{t.agree}</label>
            </div>
            <p class="hint">
              <a href={link(frame.lang, '/enet/terms')} target="_blank" rel="noopener">
                {t.readTerms}
              </a>
            </p>
          </>
        )}
        <button type="submit" class="primary">
          {t.sendCode}
        </button>
      </form>
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};

export const PhoneConfirmPage: FC<{
  frame: PageFrame;
  csrf: string;
  kind: 'register' | 'change';
  masked: string;
  /** The code's validity (issue #18 item 4): minutes, and the JST clock time it ends. */
  validity: { minutes: number; until: string };
  notice?: PhoneNotice | undefined;
}> = ({ frame, csrf, kind, masked, validity, notice }) => {
  const t = PHONE_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.confirmTitle}>
      <p class="issuer">{kind === 'change' ? t.changeTitle : t.registerTitle}</p>
      <PhoneNoticeView frame={frame} notice={notice} />
      <p class="message">{t.confirmIntro(masked)}</p>
      <dl class="kv" id="code-details">
        <dt>{t.newNumber}</dt>
        <dd id="code-sent-to">{masked}</dd>
        <dt>{t.validity}</dt>
        <dd id="code-validity">{t.validFor(validity.minutes, validity.until)}</dd>
      </dl>
      <form method="post" action="/enet/phone/confirm">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <div class="field">
          <label for="code">{t.codeLabel}</label>
          <input
            id="code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9０-９ -]*"
            maxlength={10}
            required
          />
        </div>
        <button type="submit" class="primary">
          {t.confirm}
        </button>
      </form>
      <form method="post" action="/enet/phone/resend">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <button type="submit" name="resend" value="1">
          {t.resend}
        </button>
      </form>
      <p class="hint">
        <a href={link(frame.lang, '/enet/phone')}>{t.startOver}</a>
      </p>
    </PortalPage>
  );
};

export const PhoneDonePage: FC<{ frame: PageFrame; kind: 'register' | 'change' }> = ({ frame, kind }) => {
  const t = PHONE_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={kind === 'change' ? t.doneChangeTitle : t.doneRegisterTitle}>
      <Notice kind="info" text={t.doneBody} />
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};
