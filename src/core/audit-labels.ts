import type { Lang } from './i18n.ts';
import { labelOf, type Pair } from './labels.ts';

/**
 * The audit log in words (issue #18 item 2): every action an `appendAudit` call writes, and every subject type.
 * The stored codes stay as they are (the hash chain covers them); only what people read changes. An action
 * not listed here is shown as its code, so a new one is never hidden; the console's browser test
 * (test/browser/accessibility.browser.test.ts) fails on such a code, which is the reminder to add it here.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, Pair>> = {
  // console sign-in and operator accounts (docs/console.md)
  'console.signed_in': ['コンソールにサインイン', 'Signed in to the console'],
  'console.totp_enrolled': ['認証アプリを登録', 'Authenticator app enrolled'],
  'console.operator_locked_out': ['確認コードの誤りが続き一時ロック', 'Locked out after wrong codes'],
  'console.operator_created': ['オペレーターを追加', 'Operator added'],
  'console.operator_disable': ['オペレーターを無効化', 'Operator disabled'],
  'console.operator_reset_totp': ['認証アプリをリセット', 'Authenticator app reset'],
  'console.operator_reset_password': ['パスワードを再発行', 'Password reissued'],
  'console.operator_reset_requested': [
    '管理者のリセットを申請（承認待ち）',
    "Admin's reset requested (awaits approval)",
  ],
  'console.operator_reset_approved': ['管理者のリセットを承認', "Admin's reset approved"],
  'console.operator_reset_rejected': ['管理者のリセットを却下', "Admin's reset rejected"],
  'console.password_changed': ['自分のパスワードを変更', 'Own password changed'],
  'console.api_token_created': ['API トークンを発行', 'API token issued'],
  'console.api_token_revoked': ['API トークンを失効', 'API token revoked'],
  'console.message_personal_revealed': ['メッセージの会員情報を表示', 'Cardholder data in a message revealed'],
  // member actions and their approvals (terms art. 2-2, 8-1)
  'console.deregistration_requested': ['登録抹消を申請（承認待ち）', 'Deregistration requested (awaits approval)'],
  'console.deregistration_approved': ['登録抹消を承認', 'Deregistration approved'],
  'console.deregistration_rejected': ['登録抹消の申請を却下', 'Deregistration rejected'],
  'enrollment.phone_bound': ['本人認証サービスに登録（電話番号の確認）', 'Enrolled (phone confirmed)'],
  'enrollment.lost_stolen_reported': ['紛失・盗難でロック', 'Locked (lost/stolen report)'],
  'enrollment.lock_lifted': ['ロック解除', 'Lock lifted'],
  'enrollment.member_unregistered': ['会員の申出で登録解除', "Unregistered at the member's request"],
  'enrollment.restricted': ['利用を制限', 'Restricted'],
  'enrollment.deregistered': ['登録を抹消', 'Deregistered'],
  'enrollment.reinstated': ['利用を再開', 'Reinstated'],
  'phone.bind': ['電話番号を登録', 'Phone number registered'],
  'phone.change': ['電話番号を変更', 'Phone number changed'],
  // data from the card issuer (issuer API, imports)
  'member.create': ['会員情報を登録（カード会社から）', 'Member record created (from the issuer)'],
  'member.update': ['会員情報を更新（カード会社から）', 'Member record updated (from the issuer)'],
  'card.create': ['カード情報を登録（カード会社から）', 'Card created (from the issuer)'],
  'card.update': ['カード情報を更新（カード会社から）', 'Card updated (from the issuer)'],
  'statement.notice': ['ご利用代金明細の通知を記録', 'Statement notice recorded'],
  'import.batch': ['一括登録', 'Bulk import'],
  'card_range.create': ['カード範囲を登録', 'Card range added'],
  'card_range.update': ['カード範囲を変更', 'Card range changed'],
  'card_range.delete': ['カード範囲を削除', 'Card range deleted'],
  'console.card_range_deletion_requested': ['カード範囲の削除を申請（承認待ち）', 'Card range deletion requested'],
  'console.card_range_deletion_approved': ['カード範囲の削除を承認', 'Card range deletion approved'],
  'console.card_range_deletion_rejected': ['カード範囲の削除を却下', 'Card range deletion rejected'],
  // the member in e-net
  'portal.passkey.code_sent': ['パスキー登録の確認コードを送信', 'Passkey registration code sent'],
  'portal.passkey.code_confirmed': ['パスキー登録の確認コードを確認', 'Passkey registration code confirmed'],
  'portal.passkey.code_failed': ['パスキー登録の確認コードが不一致', 'Passkey registration code wrong'],
  'portal.passkey.registered': ['パスキーを登録', 'Passkey registered'],
  'portal.passkey.removed': ['パスキーを削除', 'Passkey removed'],
  'portal.trusted_merchant.removed': ['信頼できるお店を解除', 'Trusted shop removed'],
  'risk.policy_drafted': ['リスク判定ポリシーの案を作成', 'Risk policy drafted'],
  'risk.policy_activation_requested': ['リスク判定ポリシーの有効化を申請', 'Risk policy activation requested'],
  'risk.policy_activation_approved': ['リスク判定ポリシーの有効化を承認', 'Risk policy activation approved'],
  'risk.policy_activation_rejected': ['リスク判定ポリシーの有効化を却下', 'Risk policy activation rejected'],
  'risk.backtest_run': ['リスク判定ポリシーのバックテストを実行', 'Risk policy backtest run'],
  'risk.shadow_started': ['リスク判定ポリシーをシャドー評価に設定', 'Risk policy put in shadow'],
  'risk.shadow_stopped': ['シャドー評価を終了', 'Shadow evaluation stopped'],
  'portal.session.sign_in': ['e-net にサインイン', 'Signed in to e-net'],
  'portal.session.reauth': ['e-net で再認証', 'Re-authenticated in e-net'],
  'portal.session.sign_out': ['e-net からサインアウト', 'Signed out of e-net'],
  'portal.session.sign_out_everywhere': ['すべての端末からサインアウト', 'Signed out everywhere'],
  'portal.password_link.setup': ['パスワード設定用のリンクを送信', 'Password set-up link sent'],
  'portal.password_link.reset': ['パスワード再設定用のリンクを送信', 'Password reset link sent'],
  'portal.password.setup': ['パスワードを設定', 'Password set'],
  'portal.password.reset': ['パスワードを再設定', 'Password reset'],
  'portal.password.set_directly': ['パスワードを直接設定（デモ・試験用）', 'Password set directly (demo, tests)'],
  'portal.phone.code_sent': ['電話番号の確認コードを送信', 'Phone confirmation code sent'],
  'portal.phone.code_resent': ['電話番号の確認コードを再送', 'Phone confirmation code sent again'],
  'portal.phone.attempt_failed': ['確認コードの入力誤り', 'Wrong confirmation code'],
  'portal.phone.registered': ['e-net で電話番号を登録', 'Phone number registered in e-net'],
  'portal.phone.changed': ['e-net で電話番号を変更', 'Phone number changed in e-net'],
  'portal.lost_stolen_reported': ['e-net で紛失・盗難を届出', 'Lost/stolen reported in e-net'],
  'portal.unregistered': ['e-net で利用を解除', 'Unregistered in e-net'],
  'portal.fraud_report': ['不正利用を届出', 'Fraud reported'],
  'terms.accept': ['規約に同意', 'Terms accepted'],
  // service operations (terms art. 3-2, 11; docs/operations.md)
  'terms.draft.create': ['規約の改定案を作成', 'Terms draft created'],
  'terms.draft.update': ['規約の改定案を更新', 'Terms draft updated'],
  'terms.publish': ['規約の改定を公表', 'Terms change published'],
  'notice.publish': ['お知らせを掲載', 'Notice published'],
  'mailing.start': ['会員へのメール送信を開始', 'Mailing to members started'],
  'mailing.pause': ['会員へのメール送信を一時停止', 'Mailing paused'],
  'mailing.resume': ['会員へのメール送信を再開', 'Mailing resumed'],
  'mailing.cancel': ['会員へのメール送信を中止', 'Mailing cancelled'],
  'window.schedule': ['メンテナンスを予約', 'Maintenance scheduled'],
  'window.cancel': ['予約したメンテナンスを中止', 'Maintenance cancelled'],
  'window.end': ['サービスの停止を終了', 'Service pause ended'],
  'emergency.start': ['緊急停止を開始', 'Emergency stop started'],
  // fraud cases (terms art. 5-3; docs/investigations.md)
  'investigation.opened': ['調査を開始', 'Case opened'],
  'investigation.assigned': ['担当者を割り当て', 'Case assigned'],
  'investigation.findings': ['所見を記録', 'Findings recorded'],
  'investigation.transaction_facts': ['対象取引の事実を記録', 'Purchase facts recorded'],
  'investigation.contact': ['IP アドレス・電話番号を記録', 'IP address or number recorded'],
  'investigation.note': ['メモを追加', 'Note added'],
  'investigation.attachment': ['ファイルを添付', 'File attached'],
  'investigation.evidence_refreshed': ['証跡を再収集', 'Evidence gathered again'],
  'investigation.cooperation_requested': ['会員に協力を依頼', 'Cooperation requested'],
  'investigation.cooperation_answered': ['会員の回答を記録', "Member's answer recorded"],
  'investigation.decision_recorded': ['決定を記録', 'Decision recorded'],
  'investigation.decision_approved': ['決定案を承認', 'Decision approved'],
  'investigation.decision_rejected': ['決定案を差し戻し', 'Decision sent back'],
  'investigation.closed': ['調査を終了', 'Case closed'],
  'investigation.reopened': ['再調査', 'Case reopened'],
  'investigation.disaster_declared': ['災害等の期間を宣言', 'Disaster period declared'],
  'investigation.disaster_withdrawn': ['災害等の期間の宣言を取り下げ', 'Disaster period withdrawn'],
  // keys and certificates (docs/operations.md)
  'cvk.ceremony_started': ['CAVV 鍵の導入手続を開始', 'CVK ceremony started'],
  'cvk.component_entered': ['CAVV 鍵の成分を入力', 'CVK component entered'],
  'cvk.ceremony_cancelled': ['CAVV 鍵の導入手続を中止', 'CVK ceremony cancelled'],
  'cvk.loaded': ['CAVV 鍵を導入', 'CVK loaded'],
  'cvk.registered': ['CAVV 鍵を登録', 'CVK registered'],
  'cvk.activated': ['CAVV 鍵を使用開始', 'CVK activated'],
  'cvk.retiring': ['CAVV 鍵を退役予定に', 'CVK retiring'],
  'cvk.retired': ['CAVV 鍵を退役', 'CVK retired'],
  'keys.rewrap.start': ['マスター鍵の入れ替えを開始', 'Master key rewrap started'],
  'keys.rewrap.finish': ['マスター鍵の入れ替えを完了', 'Master key rewrap finished'],
  'acs_signing_certificate.install': ['ACS 署名証明書を導入', 'ACS signing certificate installed'],
  'go_live.sms_test': ['SMS のテスト送信', 'SMS test send'],
};

/** What an audit row is about (`audit_log.subject_type`). */
export const AUDIT_SUBJECT_LABELS: Readonly<Record<string, Pair>> = {
  member: ['会員', 'Member'],
  card: ['カード', 'Card'],
  card_range: ['カード範囲', 'Card range'],
  risk_policy: ['リスク判定ポリシー', 'Risk policy'],
  risk_backtest: ['リスク判定のバックテスト', 'Risk backtest'],
  operator: ['オペレーター', 'Operator'],
  api_token: ['API トークン', 'API token'],
  message: ['メッセージ', 'Message'],
  sms: ['SMS', 'SMS'],
  import: ['一括登録', 'Import'],
  investigation_case: ['不正利用調査', 'Fraud case'],
  disaster_period: ['災害等の期間', 'Disaster period'],
  service_window: ['サービスの停止', 'Service pause'],
  notice: ['お知らせ', 'Notice'],
  mailing: ['メール送信', 'Mailing'],
  terms_version: ['規約の版', 'Terms version'],
  cvk: ['CAVV 鍵', 'CVK'],
  cvk_ceremony: ['CAVV 鍵の導入手続', 'CVK ceremony'],
  master_key: ['マスター鍵', 'Master key'],
  acs_signing_certificate: ['ACS 署名証明書', 'ACS signing certificate'],
};

export function auditActionLabel(action: string, lang: Lang): string {
  return labelOf(AUDIT_ACTION_LABELS, action, lang);
}

/** `会員 demo-hanako`: the subject's kind in words, then its id as stored (ids are what people search by). */
export function auditSubjectLabel(subjectType: string, subjectId: string, lang: Lang): string {
  return `${labelOf(AUDIT_SUBJECT_LABELS, subjectType, lang)} ${subjectId}`;
}

/**
 * The stored action a filter means: the code itself, or the words the table shows (either language, any
 * letter case, surrounding spaces ignored). Unknown text is passed on as typed (it then matches nothing).
 */
export function auditActionFilterOf(typed: string): string {
  const wanted = typed.trim().toLowerCase();
  for (const [code, [ja, en]] of Object.entries(AUDIT_ACTION_LABELS))
    if (code === wanted || ja.toLowerCase() === wanted || en.toLowerCase() === wanted) return code;
  return typed.trim();
}
