import type { FraudReportProblem } from '../../../services/portal/fraud-reports.ts';
import type { HistoryOutcome } from '../../../services/portal/history.ts';
import type { Catalogue } from '../../shared/i18n.ts';

const ja = {
  historyTitle: '認証履歴',
  historyIntro: 'ネットショッピングでの本人認証の記録です（新しい順）。',
  empty: '認証の記録はありません。',
  merchant: 'ご利用先',
  amount: '金額',
  result: '結果',
  outcome: {
    authenticated: '認証成功',
    failed: '認証失敗',
    cancelled: 'キャンセル',
    timed_out: '時間切れ',
    in_progress: '認証中',
    not_challenged: '認証なし',
  } satisfies Record<HistoryOutcome, string>,
  dontRecognise: '心当たりがない',
  newer: '← 新しい履歴',
  older: '古い履歴 →',
  fraudTitle: '身に覚えのない取引の届出',
  fraudIntro:
    'ご自身の認証情報が不正に使われた、またはそのおそれがある場合は、すぐにお届けください（利用規約 第5条）。お届けの日時は記録され、受付番号をお知らせします。',
  transactions: '対象のお取引（複数選べます）',
  noTransactions: '届出の対象にできる取引がありません。お問い合わせ窓口にご連絡ください。',
  noticedOn: '気づいた日',
  description: '状況（いつ、どのように気づいたかなど）',
  descriptionHint: '2,000 文字以内',
  contact: 'ご連絡の方法',
  contactEmail: 'メール',
  contactPhone: '電話',
  submit: '届け出る',
  problem: {
    no_transactions: '対象のお取引を選んでください。',
    unknown_transaction: '選んだお取引が見つかりません。画面を開き直してください。',
    noticed_on: '気づいた日を、今日以前の日付で入力してください。',
    description: '状況を 2,000 文字以内で入力してください。',
    contact: 'ご連絡の方法を選んでください。',
  } satisfies Record<FraudReportProblem, string>,
  receiptTitle: '届出を受け付けました',
  receiptTransactions: '対象のお取引',
  reference: '受付番号',
  reportedAt: '受付日時',
  receiptBody: '受付番号を控えておいてください。確認のメールをお送りしました。担当者からご希望の方法でご連絡します。',
  count: (n: number) => `${n} 件`,
};

export type RecordTexts = typeof ja;

const en: RecordTexts = {
  historyTitle: 'Authentication history',
  historyIntro: 'Your authentications when shopping online, newest first.',
  empty: 'No authentications yet.',
  merchant: 'Merchant',
  amount: 'Amount',
  result: 'Result',
  outcome: {
    authenticated: 'Authenticated',
    failed: 'Failed',
    cancelled: 'Cancelled',
    timed_out: 'Timed out',
    in_progress: 'In progress',
    not_challenged: 'Not authenticated',
  },
  dontRecognise: "I don't recognise this",
  newer: '← Newer',
  older: 'Older →',
  fraudTitle: "Report a transaction you don't recognise",
  fraudIntro:
    'If your credentials were or may have been misused, report it now (terms art. 5). We record when you report and give you a reference number.',
  transactions: 'Transactions (choose one or more)',
  noTransactions: 'There are no transactions to report. Please call us.',
  noticedOn: 'When you noticed',
  description: 'What happened (when and how you noticed)',
  descriptionHint: 'Up to 2,000 characters',
  contact: 'How should we contact you?',
  contactEmail: 'Email',
  contactPhone: 'Phone',
  submit: 'Send the report',
  problem: {
    no_transactions: 'Choose at least one transaction.',
    unknown_transaction: 'A chosen transaction was not found. Please reload the page.',
    noticed_on: 'Enter the date you noticed (today or earlier).',
    description: 'Describe what happened in up to 2,000 characters.',
    contact: 'Choose how we should contact you.',
  },
  receiptTitle: 'Report received',
  receiptTransactions: 'Transactions',
  reference: 'Reference number',
  reportedAt: 'Received',
  receiptBody:
    'Please keep the reference number. We have sent you a confirmation email and will contact you as you asked.',
  count: (n: number) => `${n}`,
};

export const RECORD_TEXTS: Catalogue<RecordTexts> = { ja, en };
