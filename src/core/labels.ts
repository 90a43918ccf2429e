import type { Lang } from './i18n.ts';

/**
 * What operators read instead of codes: every transaction state (src/core/transaction-state.ts), enrollment state
 * and reason (src/core/enrollment.ts, terms art. 8-1), identity-confirmation method (terms art. 2-2), EMV
 * transStatus / transStatusReason (docs/emv-codes.md) and the console's other statuses. Unknown codes are shown
 * as they are, so a new code is never hidden.
 */
export type Pair = readonly [ja: string, en: string];

export const TRANSACTION_STATE_LABELS: Readonly<Record<string, Pair>> = {
  created: ['受付中（判定前）', 'Received (not yet decided)'],
  decided: ['判定済み（チャレンジなし）', 'Decided (no challenge)'],
  challenge_issued: ['チャレンジ開始待ち', 'Challenge issued'],
  challenge_in_progress: ['チャレンジ中', 'Challenge in progress'],
  authenticated: ['認証済み（結果通知前）', 'Authenticated (result not yet sent)'],
  failed: ['認証失敗（結果通知前）', 'Failed (result not yet sent)'],
  cancelled: ['会員が中止（結果通知前）', 'Cancelled by the member (result not yet sent)'],
  timed_out: ['時間切れ（結果通知前）', 'Timed out (result not yet sent)'],
  result_sent: ['結果を通知中', 'Result sent, awaiting acknowledgement'],
  result_acknowledged: ['チャレンジ完了（結果通知済み）', 'Challenge finished (result acknowledged)'],
};

export const ENROLLMENT_LABELS: Readonly<Record<string, Pair>> = {
  not_enrolled: ['未登録', 'Not enrolled'],
  enrolled: ['登録済み', 'Enrolled'],
  locked: ['紛失・盗難ロック中', 'Locked (lost/stolen)'],
  restricted: ['利用制限中', 'Restricted'],
  deregistered: ['登録抹消', 'Deregistered'],
};

export const ENROLLMENT_REASON_LABELS: Readonly<Record<string, Pair>> = {
  '8-1-1': ['規約8-1-1 カード会員資格の終了', 'Terms 8-1-1: card membership ended'],
  '8-1-2': ['規約8-1-2 e-net 登録の削除', 'Terms 8-1-2: e-net registration deleted'],
  '8-1-3': ['規約8-1-3 届出事項の虚偽', 'Terms 8-1-3: false registration details'],
  '8-1-4': ['規約8-1-4 規約違反', 'Terms 8-1-4: breach of the terms'],
  '8-1-5': ['規約8-1-5 その他当社が不適当と判断', 'Terms 8-1-5: otherwise judged unsuitable'],
  member_request: ['会員からの申出', "Member's request"],
  lost_stolen: ['紛失・盗難の届出', 'Lost/stolen report'],
};

export const CONFIRMATION_METHOD_LABELS: Readonly<Record<string, Pair>> = {
  callback_registered_number: ['登録電話番号への折り返し電話', 'Call back to the registered number'],
  branch_visit_id: ['来店・本人確認書類', 'Branch visit with ID'],
  card_system_kba: ['カードシステムの登録情報による確認', 'Questions from the card system record'],
};

export const TRANS_STATUS_LABELS: Readonly<Record<string, Pair>> = {
  Y: ['認証成功', 'Authenticated'],
  N: ['認証不可', 'Not authenticated'],
  U: ['認証できず（技術的理由）', 'Could not authenticate (technical)'],
  A: ['認証試行', 'Attempted'],
  C: ['チャレンジ要求', 'Challenge required'],
  R: ['拒否', 'Rejected'],
  I: ['情報のみ', 'Informational only'],
  S: ['お支払い確認（SPC）を依頼', 'Secure Payment Confirmation requested'],
};

/** transStatusReason (EMV 3DS Table A.1; the ones we send are listed in docs/emv-codes.md §4). */
export const TRANS_STATUS_REASON_LABELS: Readonly<Record<string, Pair>> = {
  '01': ['カード認証失敗（会員が中止）', 'Card authentication failed (member cancelled)'],
  '08': ['このカードは対象外', 'No card record'],
  '11': ['不正の疑い', 'Suspected fraud'],
  '12': ['カード会員の取引が許可されていない', 'Transaction not permitted to cardholder'],
  '13': ['カード会員が本人認証サービス未登録', 'Cardholder not enrolled in service'],
  '14': ['時間切れ', 'Transaction timed out at the ACS'],
  '19': ['ワンタイムパスワードの入力誤り上限', 'Exceeds ACS maximum challenges'],
  '22': ['サービス停止中', 'ACS technical issue'],
};

export const PHONE_VERIFIED_BY_LABELS: Readonly<Record<string, Pair>> = {
  sms_otp: ['SMS の確認コード', 'SMS confirmation code'],
  issuer_provisioned: ['カード会社の登録情報', "Issuer's records"],
};

export const MEMBER_STATUS_LABELS: Readonly<Record<string, Pair>> = {
  active: ['有効', 'Active'],
  suspended: ['停止中', 'Suspended'],
};

export const CARD_STATUS_LABELS: Readonly<Record<string, Pair>> = {
  active: ['有効', 'Active'],
  closed: ['解約済み', 'Closed'],
};

export const APPROVAL_STATUS_LABELS: Readonly<Record<string, Pair>> = {
  pending: ['承認待ち', 'Pending'],
  approved: ['承認済み', 'Approved'],
  rejected: ['却下', 'Rejected'],
};

/** Why an SMS was sent (`sms_messages.purpose`). */
export const SMS_PURPOSE_LABELS: Readonly<Record<string, Pair>> = {
  purchase: ['本人認証の確認コード', 'Authentication code'],
  phone_registration: ['電話番号登録の確認コード', 'Phone registration code'],
  go_live_test: ['本番開始前のテスト送信', 'Go-live test message'],
};

/** Where an SMS is (`sms_messages.status`; delivery reports move sent → delivered/failed). */
export const SMS_STATUS_LABELS: Readonly<Record<string, Pair>> = {
  queued: ['送信待ち', 'Queued'],
  sent: ['送信済み（到達未確認）', 'Sent (delivery not yet reported)'],
  delivered: ['到達済み', 'Delivered'],
  failed: ['送信失敗', 'Failed'],
};

/** A background job (the RReq delivery) as a whole (`jobs.status`). */
export const JOB_STATUS_LABELS: Readonly<Record<string, Pair>> = {
  pending: ['送信中（再試行を含む）', 'In progress (retries included)'],
  done: ['完了', 'Done'],
  dead: ['断念（再試行の上限）', 'Given up (retry limit reached)'],
};

/** One try of a job (`job_attempts.outcome`). */
export const JOB_ATTEMPT_LABELS: Readonly<Record<string, Pair>> = {
  done: ['成功', 'Succeeded'],
  retry: ['失敗（あとで再試行）', 'Failed (will retry)'],
  dead: ['失敗（再試行しない）', 'Failed (no more retries)'],
};

/** EMV 3DS message types: the protocol name stays (operators and the DS speak it), with what it is. */
export const MESSAGE_TYPE_LABELS: Readonly<Record<string, Pair>> = {
  AReq: ['AReq（認証要求）', 'AReq (authentication request)'],
  ARes: ['ARes（認証応答）', 'ARes (authentication response)'],
  CReq: ['CReq（チャレンジ要求）', 'CReq (challenge request)'],
  CRes: ['CRes（チャレンジ応答）', 'CRes (challenge response)'],
  RReq: ['RReq（結果通知）', 'RReq (result request)'],
  RRes: ['RRes（結果通知への応答）', 'RRes (result response)'],
  PReq: ['PReq（カード範囲の照会）', 'PReq (card range request)'],
  PRes: ['PRes（カード範囲の回答）', 'PRes (card range response)'],
  OReq: ['OReq（アプリの帯域外認証）', 'OReq (out-of-band request)'],
  ORes: ['ORes（帯域外認証の応答）', 'ORes (out-of-band response)'],
  Erro: ['Erro（エラー通知）', 'Erro (error message)'],
};

/** Why a member's e-net session ended (`portal_sessions.revoked_reason`). */
export const SESSION_END_LABELS: Readonly<Record<string, Pair>> = {
  signed_out: ['サインアウト', 'Signed out'],
  signed_out_everywhere: ['すべての端末からサインアウト', 'Signed out everywhere'],
  rotated: ['再認証で新しいセッションに交代', 'Replaced by a new session (re-authentication)'],
  lost_stolen: ['紛失・盗難の届出', 'Lost/stolen report'],
  password_set: ['パスワードの設定・再設定', 'Password set or reset'],
  password_changed: ['パスワードの変更', 'Password changed'],
};

/** Why a phone binding ended (`phone_bindings.unbound_reason`): a change, or `enrollment:<reason or state>`. */
export function unboundReasonLabel(reason: string | null | undefined, lang: Lang): string {
  if (reason === null || reason === undefined || reason === '') return '';
  if (reason === 'changed') return lang === 'en' ? 'Number changed' : '番号の変更';
  if (reason.startsWith('enrollment:')) {
    const code = reason.slice('enrollment:'.length);
    const why = Object.hasOwn(ENROLLMENT_REASON_LABELS, code)
      ? labelOf(ENROLLMENT_REASON_LABELS, code, lang)
      : labelOf(ENROLLMENT_LABELS, code, lang);
    return lang === 'en' ? `Enrollment changed: ${why}` : `登録状態の変化: ${why}`;
  }
  return reason;
}

export const FRAUD_REPORT_STATUS_LABELS: Readonly<Record<string, Pair>> = {
  reported: ['受付済み', 'Received'],
};

/** The label of `code` in `table`, or the code itself when the table does not know it; '' for nothing. */
export function labelOf(table: Readonly<Record<string, Pair>>, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '';
  const pair = Object.hasOwn(table, code) ? table[code] : undefined;
  if (!pair) return code;
  return lang === 'en' ? pair[1] : pair[0];
}

/** Outcome in words: `認証成功` or `認証不可（時間切れ）`; nothing recorded yet gives ''. */
export function outcomeLabel(transStatus: string | null, reason: string | null, lang: Lang): string {
  const status = labelOf(TRANS_STATUS_LABELS, transStatus, lang);
  const why = labelOf(TRANS_STATUS_REASON_LABELS, reason, lang);
  if (!why) return status;
  return lang === 'en' ? `${status} (${why})` : `${status}（${why}）`;
}
