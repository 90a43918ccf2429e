import type { FC } from 'hono/jsx';
import { BackHome, CsrfField, Notice, type PageFrame, PortalPage } from './layout.tsx';
import { ENROLLMENT_TEXTS } from './texts/enrollment.ts';

export type EnrollmentPageKind = 'lost' | 'unregister';

/** The confirm page of a lost/stolen report or an unregistration: what happens, then one clear button. */
export const ConfirmEnrollmentPage: FC<{
  frame: PageFrame;
  csrf: string;
  kind: EnrollmentPageKind;
  /** Why the action is not possible now, if it is not. */
  refusal?: string | undefined;
  callCentre: string;
}> = ({ frame, csrf, kind, refusal, callCentre }) => {
  const t = ENROLLMENT_TEXTS[frame.lang];
  const lost = kind === 'lost';
  return (
    <PortalPage frame={frame} title={lost ? t.lostTitle : t.unregisterTitle}>
      {refusal ? (
        <>
          <Notice kind="alert" text={refusal} />
          {lost && <CallCentre label={t.callCentre} tel={callCentre} />}
        </>
      ) : (
        <>
          {(lost ? t.lostIntro : t.unregisterIntro).map((line) => (
            <p>{line}</p>
          ))}
          <form method="post" action={lost ? '/enet/lost' : '/enet/unregister'}>
            <CsrfField lang={frame.lang} csrf={csrf} />
            <button type="submit" name="confirm" value="1" class="danger">
              {lost ? t.lostButton : t.unregisterButton}
            </button>
          </form>
        </>
      )}
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};

const CallCentre: FC<{ label: string; tel: string }> = ({ label, tel }) => (
  <section class="card" aria-label={label}>
    <h2>{label}</h2>
    <p class="big">
      <a id="call-centre" href={`tel:${tel.replace(/[^0-9+]/g, '')}`}>
        {tel}
      </a>
    </p>
  </section>
);

export const LostDonePage: FC<{ frame: PageFrame; callCentre: string }> = ({ frame, callCentre }) => {
  const t = ENROLLMENT_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.lostDoneTitle}>
      <Notice kind="alert" text={t.lostDoneLead} />
      <p>{t.lostDoneNext}</p>
      <CallCentre label={t.callCentre} tel={callCentre} />
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};

export const UnregisterDonePage: FC<{ frame: PageFrame }> = ({ frame }) => {
  const t = ENROLLMENT_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.unregisterDoneTitle}>
      <Notice kind="info" text={t.unregisterDoneBody} />
      <BackHome lang={frame.lang} />
    </PortalPage>
  );
};
