import type { Lang } from './i18n.ts';

/**
 * What operators read instead of codes: every transaction state (src/core/transaction-state.ts), enrollment state
 * and reason (src/core/enrollment.ts, terms art. 8-1), identity-confirmation method (terms art. 2-2), EMV
 * transStatus / transStatusReason (docs/emv-codes.md) and the console's other statuses. Unknown codes are shown
 * as they are, so a new code is never hidden.
 */
type Pair = readonly [ja: string, en: string];

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
