import type { RiskOutcome, RiskRule, RiskSignal } from './types.ts';

type Pair = readonly [ja: string, en: string];

/** What each signal means, for the console's explanation of a decision (docs/risk.md lists the points). */
export const RISK_SIGNAL_LABELS: Readonly<Record<RiskSignal, Pair>> = {
  base: ['基準点', 'Starting score'],
  amount_high: ['高額の取引', 'High amount'],
  amount_above_habit: ['これまでの利用額を大きく上回る', 'Well above the usual amounts'],
  amount_small: ['少額の取引', 'Small amount'],
  foreign_currency: ['円以外の通貨', 'Not in yen'],
  mcc_high_risk: ['不正の多い業種（MCC）', 'High-fraud merchant category (MCC)'],
  known_device: ['認証済みの端末', 'A device this card authenticated on'],
  new_device: ['初めての端末', 'A new device'],
  no_device_id: ['端末を識別できない', 'Device not identifiable'],
  method_not_run: ['3DS Method 未実行', '3DS Method did not run'],
  known_ip_range: ['利用実績のある接続元', 'A known network'],
  known_merchant: ['利用実績のある加盟店', 'A merchant used before'],
  new_merchant: ['初めての加盟店', 'A merchant not used before'],
  trusted_merchant: ['信頼済み加盟店', 'Trusted merchant'],
  first_purchase: ['このカードの初めての認証', 'First authentication of this card'],
  account_new: ['加盟店アカウントが新しい', 'New merchant account'],
  account_established: ['加盟店アカウントが長期間利用', 'Established merchant account'],
  password_just_changed: ['加盟店アカウントのパスワード変更直後', 'Merchant account password just changed'],
  new_ship_address: ['初めての配送先', 'First use of the shipping address'],
  suspicious_account: ['加盟店が不審と判断したアカウント', 'Account the merchant found suspicious'],
  merchant_velocity: ['加盟店での短時間の多数の取引', 'Many attempts at the merchant today'],
  prior_challenge: ['この加盟店で以前に本人認証済み', 'Challenged for this merchant before'],
  prior_frictionless: ['この加盟店で以前に認証済み（チャレンジなし）', 'Frictionless for this merchant before'],
  language_unusual: ['いつもと異なる言語', 'Unusual language'],
  time_zone_abroad: ['日本以外のタイムゾーン', 'Time zone outside Japan'],
  night_hours: ['深夜の取引', 'Night-time purchase'],
  card_velocity: ['このカードの 24 時間の取引が多い', 'Many attempts on this card in 24 hours'],
  device_many_cards: ['同じ端末で他のカード', 'Other cards from the same device'],
  ip_many_cards: ['同じ接続元で他のカード', 'Other cards from the same network'],
  phone_changed: ['電話番号の変更直後', 'Phone number changed recently'],
  lost_stolen_before: ['紛失・盗難の届出歴', 'Lost/stolen report in the past'],
  failed_challenges: ['ワンタイムパスワードの失敗歴', 'Failed one-time password challenges'],
  open_fraud_report: ['調査中の不正利用の届出', 'Open fraud report'],
};

export const RISK_RULE_LABELS: Readonly<Record<RiskRule, Pair>> = {
  challenge_all: ['すべての取引で認証（規約第4条）', 'Challenge every purchase (terms art. 4)'],
  card_testing: ['カード番号の試行（短時間の多数の取引）', 'Card testing (many attempts in a short time)'],
  new_device: ['初めての端末での取引', 'First purchase on a new device'],
  amount_limit: ['チャレンジなしの上限額を超える', 'Above the frictionless amount limit'],
  phone_cooldown: ['電話番号の変更直後', 'Right after a phone number change'],
  requestor_mandate: ['加盟店がチャレンジを要求', 'The merchant asked for a challenge'],
  exemption: ['加盟店の免除申請（発行者の上限内）', "Merchant's exemption, within the issuer's limits"],
};

export const RISK_DECISION_LABELS: Readonly<Record<RiskOutcome, Pair>> = {
  frictionless: ['チャレンジなしで認証（Y）', 'Frictionless (Y)'],
  challenge: ['チャレンジ（ワンタイムパスワード）', 'Challenge (one-time password)'],
  refuse: ['不正の疑いで拒否（N / 11）', 'Refused as suspected fraud (N / 11)'],
};
