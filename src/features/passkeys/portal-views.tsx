import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { FC } from 'hono/jsx';
import type { PasskeyRow } from '../../storage/schema.ts';
import { link } from '../portal/http.ts';
import { BackHome, CsrfField, Notice, type PageFrame, PortalPage } from '../portal/layout.tsx';
import { jstDateTime, jstDay } from '../portal/service/time.ts';
import { CeremonyError, CeremonyScript } from './ceremony-view.tsx';
import { INFO_NOTICES, PASSKEY_TEXTS, type PasskeyNotice } from './portal-texts.ts';

const NoticeView: FC<{ frame: PageFrame; notice: PasskeyNotice | undefined }> = ({ frame, notice }) =>
  notice ? (
    <Notice kind={INFO_NOTICES.has(notice.kind) ? 'info' : 'alert'} text={PASSKEY_TEXTS[frame.lang].notice(notice)} />
  ) : null;

export const PasskeyListPage: FC<{
  frame: PageFrame;
  csrf: string;
  passkeys: PasskeyRow[];
  /** The ids of the passkeys that are payment passkeys (SPC). */
  payment: ReadonlySet<string>;
  notice?: PasskeyNotice | undefined;
}> = ({ frame, csrf, passkeys, payment, notice }) => {
  const t = PASSKEY_TEXTS[frame.lang];
  const lang = frame.lang;
  return (
    <PortalPage frame={frame} title={t.listTitle}>
      <NoticeView frame={frame} notice={notice} />
      <p class="message">{t.intro}</p>
      {passkeys.length === 0 ? (
        <p id="passkeys-none">{t.none}</p>
      ) : (
        <ul class="list" id="passkeys">
          {passkeys.map((p) => (
            <li class="card" data-passkey={p.id}>
              <p>
                <strong>{p.name}</strong>
              </p>
              {payment.has(p.id) && (
                <p class="muted" data-payment-passkey>
                  {t.paymentUsed}
                </p>
              )}
              <dl class="kv">
                <dt>{t.created}</dt>
                <dd>{jstDay(new Date(p.created_at), lang)}</dd>
                <dt>{t.lastUsed}</dt>
                <dd>{p.last_used_at ? jstDateTime(new Date(p.last_used_at), lang) : t.neverUsed}</dd>
                {p.disabled_at && (
                  <>
                    <dt>{t.removedOn}</dt>
                    <dd>{jstDateTime(new Date(p.disabled_at), lang)}</dd>
                  </>
                )}
              </dl>
              {!p.disabled_at && (
                <form method="post" action={`/enet/passkeys/${p.id}/remove`}>
                  <CsrfField lang={lang} csrf={csrf} />
                  <button type="submit" class="secondary">
                    {t.remove(p.name)}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/enet/passkeys/start">
        <CsrfField lang={lang} csrf={csrf} />
        <p class="hint">{t.addHint}</p>
        <button type="submit">{t.add}</button>
      </form>
      <BackHome lang={lang} />
    </PortalPage>
  );
};

export const PasskeyCodePage: FC<{
  frame: PageFrame;
  csrf: string;
  maskedPhone: string;
  notice?: PasskeyNotice | undefined;
}> = ({ frame, csrf, maskedPhone, notice }) => {
  const t = PASSKEY_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.confirmTitle}>
      <NoticeView frame={frame} notice={notice} />
      <p class="message">{t.confirmIntro(maskedPhone)}</p>
      <form method="post" action="/enet/passkeys/confirm">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <div class="field">
          <label for="code">{t.codeLabel}</label>
          <input
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9０-９]{6}"
            maxlength={6}
            required
          />
        </div>
        <div class="check">
          <input id="payment" name="payment" type="checkbox" value="1" aria-describedby="payment-hint" />
          <label for="payment">{t.paymentLabel}</label>
        </div>
        <p id="payment-hint" class="hint">
          {t.paymentHint}
        </p>
        <button type="submit">{t.confirm}</button>
      </form>
      <p class="hint">
        <a href={link(frame.lang, '/enet/passkeys')}>{PASSKEY_TEXTS[frame.lang].listTitle}</a>
      </p>
    </PortalPage>
  );
};

export const PasskeyCreatePage: FC<{
  frame: PageFrame;
  csrf: string;
  options: PublicKeyCredentialCreationOptionsJSON;
  name: string;
  payment: boolean;
  nameError?: boolean;
  notice?: PasskeyNotice | undefined;
}> = ({ frame, csrf, options, name, payment, nameError, notice }) => {
  const t = PASSKEY_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.createTitle}>
      <NoticeView frame={frame} notice={notice} />
      <p class="message">{t.createIntro}</p>
      {payment && (
        <p class="hint" id="payment-chosen">
          {t.paymentChosen}
        </p>
      )}
      <noscript>
        <p class="notice alert">{t.noScript}</p>
      </noscript>
      <CeremonyError unsupported={t.unsupported} cancelled={t.cancelled} />
      <form id="webauthn-form" method="post" action="/enet/passkeys/register">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <input type="hidden" name="credential" value="" />
        <div class="field">
          <label for="name">{t.nameLabel}</label>
          <input
            id="name"
            name="name"
            value={name}
            maxlength={40}
            required
            autocomplete="off"
            aria-describedby={nameError ? 'name-hint name-error' : 'name-hint'}
            aria-invalid={nameError ? 'true' : undefined}
          />
          <p id="name-hint" class="muted">
            {t.nameHint}
          </p>
          {nameError && (
            <p id="name-error" class="notice alert">
              {t.nameError}
            </p>
          )}
        </div>
        <button type="submit">{t.create}</button>
      </form>
      <CeremonyScript mode="create" options={options} nonce={frame.nonce} />
    </PortalPage>
  );
};
