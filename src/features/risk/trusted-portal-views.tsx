import type { FC } from 'hono/jsx';
import { link } from '../portal/http.ts';
import { BackHome, CsrfField, Notice, type PageFrame, PortalPage } from '../portal/layout.tsx';
import { jstDay } from '../portal/service/time.ts';
import type { TrustedMerchant } from './trusted-merchants.ts';
import { TRUSTED_TEXTS } from './trusted-texts.ts';

export const TRUSTED_PATH = '/enet/trusted-merchants';

/** The member's trusted merchants: name, the day added (JST), a remove link to the confirm page. */
export const TrustedListPage: FC<{ frame: PageFrame; merchants: TrustedMerchant[]; removed: boolean }> = ({
  frame,
  merchants,
  removed,
}) => {
  const t = TRUSTED_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.title}>
      {removed && <Notice kind="info" text={t.removed} id="trusted-removed" />}
      <p class="message">{t.intro}</p>
      {merchants.length === 0 ? (
        <p id="trusted-none">{t.none}</p>
      ) : (
        <ul class="list" id="trusted-merchants">
          {merchants.map((m) => (
            <li class="card" data-trusted={m.id}>
              <p>
                <strong>{m.name}</strong>
              </p>
              <dl class="kv">
                <dt>{t.added}</dt>
                <dd>{jstDay(m.addedAt, frame.lang)}</dd>
              </dl>
              <a class="button" href={link(frame.lang, `${TRUSTED_PATH}/${m.id}/remove`)}>
                {t.remove(m.name)}
              </a>
            </li>
          ))}
        </ul>
      )}
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};

/** One merchant, what removing it means, one clear button (a CSRF-checked POST). */
export const TrustedRemovePage: FC<{ frame: PageFrame; csrf: string; merchant: TrustedMerchant }> = ({
  frame,
  csrf,
  merchant,
}) => {
  const t = TRUSTED_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.confirmTitle}>
      <p class="message">{t.confirmIntro(merchant.name)}</p>
      <p class="message">{t.confirmEffect}</p>
      <form method="post" action={`${TRUSTED_PATH}/${merchant.id}/remove`}>
        <CsrfField lang={frame.lang} csrf={csrf} />
        <button type="submit" name="confirm" value="1" class="danger">
          {t.confirmButton}
        </button>
      </form>
      <p class="hint">
        <a href={link(frame.lang, TRUSTED_PATH)}>{t.back}</a>
      </p>
    </PortalPage>
  );
};
