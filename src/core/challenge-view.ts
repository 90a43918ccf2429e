/**
 * What the challenge handler hands to the views. The handler decides; the views only render.
 */
import type { Lang } from './i18n.ts';

export type { Lang };

/** EMV challengeWindowSize: 01 250x400, 02 390x400, 03 500x600, 04 600x400, 05 full page. */
export type WindowSize = '01' | '02' | '03' | '04' | '05';

export type ChallengeNotice =
  | { kind: 'code_sent' }
  | { kind: 'code_resent' }
  | { kind: 'wrong_credentials'; attemptsLeft: number }
  | { kind: 'code_expired' }
  | { kind: 'resend_cooldown'; secondsLeft: number }
  | { kind: 'resend_limit' }
  | { kind: 'send_failed' }
  | { kind: 'sms_paused' }
  | { kind: 'stale_form' }
  | { kind: 'missing_fields' }
  /** The member pressed 続ける before the passkey window approved (docs/passkeys.md). */
  | { kind: 'passkey_pending' };

export interface ChallengePageView {
  lang: Lang;
  /** CSP nonce for the one inline <style> and <script>. */
  cspNonce: string;
  windowSize: WindowSize;
  /** Where the form posts: `/3ds/challenge` (with `?lang=en` when English). */
  actionUrl: string;
  /** Signed single-use form token (hidden field `token`). */
  formToken: string;
  issuerName: string;
  merchantName: string;
  /** Already formatted for the language, e.g. `¥129,800` / `JPY 129,800`. */
  amount: string;
  /** e.g. `090-****-5678` */
  maskedPhone: string;
  /** Minutes the code stays valid. */
  codeValidityMinutes: number;
  notice: ChallengeNotice | undefined;
  /** The e-net ID the member already typed (kept after a wrong code). */
  enetIdValue: string;
  canResend: boolean;
  /** The member's passkey can approve this purchase: the window's address (an unguessable, single-use handle). */
  passkeyUrl?: string | undefined;
  /** The requestor offers trust listing (issue #20 item 5): the form shows the unticked trusted-merchant box. */
  offerTrustList?: boolean | undefined;
  /** No code sent yet: with the passkey offer, 「SMS で認証する」 is a button that sends the first one. */
  smsAwaitsTap?: boolean;
}

export type ChallengeEnd = 'authenticated' | 'failed' | 'cancelled' | 'timed_out' | 'locked' | 'suspended';

/** The last page: tells the member the result and auto-posts the final CRes to the merchant. */
export interface FinalCResView {
  lang: Lang;
  cspNonce: string;
  windowSize: WindowSize;
  end: ChallengeEnd;
  notificationUrl: string;
  /** base64url of the CRes (or Erro) JSON: form field `cres`. */
  cres: string;
  threeDSSessionData: string | undefined;
}

export type ChallengeErrorKind = 'bad_request' | 'unknown_transaction' | 'expired' | 'already_completed';

/** Shown when there is no merchant to return to (no usable notificationURL). */
export interface ChallengeErrorView {
  lang: Lang;
  cspNonce: string;
  kind: ChallengeErrorKind;
}

/** The app challenge's two native text screens: first the e-net ID, then the one-time code. */
export type AppChallengeStep = 'enet_id' | 'code';

/** What a CRes is addressed with and reports, from its transaction (the stored row fits this shape). */
export interface CResTransaction {
  acs_trans_id: string;
  three_ds_server_trans_id: string;
  sdk_trans_id: string | null;
  message_version: string;
  trans_status: string | null;
}
