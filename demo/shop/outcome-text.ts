import type { Hop } from '../simulator/flow-log.ts';
import type { OutcomeKind } from '../simulator/three-ds-server/outcome.ts';
import type { Lang } from './lang.ts';

type Texts = Record<Lang, string>;

/** One plain sentence per outcome (docs/emv-codes.md §3 transStatus, §4 reasons, §7 challengeCancel, §11 Visa ECI). */
export const OUTCOME_TEXT: Record<OutcomeKind, Texts> = {
  authenticated: {
    ja: '本人認証に成功しました（transStatus Y・ECI 05）。加盟店はこの認証結果（CAVV）を付けてオーソリを送れます。',
    en: 'Authenticated (transStatus Y, ECI 05): the merchant can send the authorisation with this CAVV.',
  },
  attempts: {
    ja: '認証を試みた証跡のみ（transStatus A・ECI 06）。発行会社が認証を行えなかったため、試行の証跡として応答しました。',
    en: 'Attempt only (transStatus A, ECI 06): the issuer answered with proof of an attempt.',
  },
  cancelled: {
    ja: '会員が認証をキャンセルしました（transStatus N・challengeCancel 01）。',
    en: 'The cardholder cancelled the authentication (transStatus N, challengeCancel 01).',
  },
  too_many_attempts: {
    ja: 'ワンタイムパスワードの誤りが多すぎたため、認証できませんでした（transStatus N・理由 19）。',
    en: 'Too many wrong codes: not authenticated (transStatus N, reason 19).',
  },
  timed_out: {
    ja: '時間切れのため認証できませんでした（transStatus N・理由 14）。',
    en: 'The authentication timed out (transStatus N, reason 14).',
  },
  not_enrolled: {
    ja: 'このカードの会員は本人認証サービスに未登録です（transStatus N・理由 13）。',
    en: 'The cardholder is not enrolled in the authentication service (transStatus N, reason 13).',
  },
  not_allowed: {
    ja: '発行会社がこの取引を認めていません。紛失・盗難の届出によるロックなどです（transStatus N・理由 12）。',
    en: 'The issuer does not allow this transaction, e.g. locked after a lost/stolen report (transStatus N, reason 12).',
  },
  card_closed: {
    ja: 'カードは解約済みです。発行会社が取引を拒否しました（transStatus R・理由 08）。',
    en: 'The card is closed: the issuer rejects the transaction (transStatus R, reason 08).',
  },
  no_card_record: {
    ja: '発行会社にこのカードの記録がありません（transStatus N・理由 08）。',
    en: 'The issuer has no record of this card (transStatus N, reason 08).',
  },
  card_expired: {
    ja: 'カードの有効期限が切れています（transStatus N・理由 05）。',
    en: 'The card has expired (transStatus N, reason 05).',
  },
  authentication_failed: {
    ja: '本人認証に失敗しました（transStatus N・理由 01）。',
    en: 'Authentication failed (transStatus N, reason 01).',
  },
  not_authenticated: {
    ja: '本人認証されませんでした（transStatus N）。',
    en: 'Not authenticated (transStatus N).',
  },
  rejected: {
    ja: '発行会社が取引を拒否しました（transStatus R）。',
    en: 'The issuer rejected the transaction (transStatus R).',
  },
  unavailable: {
    ja: '発行会社側の事情で認証できませんでした（transStatus U）。',
    en: 'Authentication could not be performed at the issuer (transStatus U).',
  },
  erro: {
    ja: 'メッセージの誤りにより、エラーメッセージ（Erro）が返されました。',
    en: 'A protocol error message (Erro) was returned.',
  },
  ds_unreachable: {
    ja: 'DS シミュレーターに接続できませんでした。',
    en: 'The DS simulator could not be reached.',
  },
  challenge_pending: {
    ja: '本人認証はまだ終わっていません。',
    en: 'The authentication has not finished yet.',
  },
};

export const GOOD_OUTCOMES: ReadonlySet<OutcomeKind> = new Set(['authenticated']);
export const WARN_OUTCOMES: ReadonlySet<OutcomeKind> = new Set(['attempts', 'challenge_pending']);

export const HOP_TEXT: Record<Hop, Texts> = {
  'browser→acs': { ja: 'ブラウザ → ACS', en: 'browser → ACS' },
  'acs→3ds-server': { ja: 'ACS → 3DS サーバー（ブラウザ経由）', en: 'ACS → 3DS Server (via the browser)' },
  '3ds-server→ds': { ja: '3DS サーバー → DS', en: '3DS Server → DS' },
  'ds→acs': { ja: 'DS → ACS', en: 'DS → ACS' },
  'acs→ds': { ja: 'ACS → DS', en: 'ACS → DS' },
  'ds→3ds-server': { ja: 'DS → 3DS サーバー', en: 'DS → 3DS Server' },
  'acs→browser→3ds-server': { ja: 'ACS → ブラウザ → 3DS サーバー', en: 'ACS → browser → 3DS Server' },
};

export interface ResultText {
  title: string;
  awaitingRReq: string;
  pending: string;
  figures: string;
  flow: string;
  flowChallenge: string;
  flowFrictionless: string;
  inspector: string;
  inspectorHelp: string;
  valid: string;
  invalid: string;
  again: string;
  phone: string;
  mail: string;
}

export const RESULT_TEXT: Record<Lang, ResultText> = {
  ja: {
    title: '認証結果',
    awaitingRReq: 'ACS からの結果通知（RReq）を待っています。このページは自動で更新されます。',
    pending: '認証画面での操作を待っています。このページは自動で更新されます。',
    figures: '結果',
    flow: 'フロー',
    flowChallenge: 'チャレンジ（SMS ワンタイムパスワード）',
    flowFrictionless: 'フリクションレス（チャレンジなし）',
    inspector: 'メッセージインスペクター',
    inspectorHelp:
      'この取引で交わされたメッセージを順に表示します（シミュレーター全体から見た記録。カード番号はマスク済み）。',
    valid: 'fields.json に適合',
    invalid: '不適合',
    again: 'もう一度買い物する',
    phone: 'SMS 受信箱',
    mail: 'メール受信箱',
  },
  en: {
    title: 'Authentication result',
    awaitingRReq: 'Waiting for the ACS’s result (RReq). This page refreshes by itself.',
    pending: 'Waiting for the authentication page. This page refreshes by itself.',
    figures: 'Result',
    flow: 'Flow',
    flowChallenge: 'challenge (SMS one-time code)',
    flowFrictionless: 'frictionless (no challenge)',
    inspector: 'Message inspector',
    inspectorHelp:
      'Every message of this transaction in order, as the simulated parties saw them (card numbers masked).',
    valid: 'valid per fields.json',
    invalid: 'invalid',
    again: 'Shop again',
    phone: 'SMS inbox',
    mail: 'Mail inbox',
  },
};
