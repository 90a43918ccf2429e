/**
 * Risk-based authentication (issue #20): what the pure engine in this folder reads and answers. Everything here
 * is plain data: the AReq already reduced to the facts that matter (src/features/risk/ derives them, MACs
 * included), the history the ACS holds about the card, and the policy in force (docs/risk.md).
 */

/** The AReq, reduced to what the engine scores. Identifiers are keyed MACs, never the values themselves. */
export interface RiskAReq {
  deviceChannel: string; // 01 APP, 02 BRW
  messageCategory: string; // 01 PA, 02 NPA
  /** purchaseAmount in yen when purchaseCurrency is 392 (JPY); undefined for other currencies or NPA. */
  amountYen: number | undefined;
  /** True when a purchase is in another currency than yen (a Japanese card abroad or a foreign shop). */
  foreignCurrency: boolean;
  mcc: string | undefined;
  /** threeDSRequestorChallengeInd values (2.2+: an array; 2.1.0: one value). */
  challengeIndicators: readonly string[];
  /** acctInfo members the engine reads (EMV 3DS 2.2 Table A.1 acctInfo), absent when not sent. */
  acctInfo: {
    chAccAgeInd?: string;
    chAccPwChangeInd?: string;
    shipAddressUsageInd?: string;
    suspiciousAccActivity?: string;
    txnActivityDay?: number;
    provisionAttemptsDay?: number;
  };
  /** threeDSRequestorPriorAuthenticationInfo.threeDSReqPriorAuthMethod (01 frictionless, 02 ACS challenge, …). */
  priorAuthMethod: string | undefined;
  /** browserLanguage's primary subtag, lower case (ja, en, zh, …); the app's locale for deviceChannel 01. */
  language: string | undefined;
  /** browserTZ in minutes (UTC − local, so Japan is −540); undefined when not sent. */
  timeZoneOffset: number | undefined;
  /** Hour of the purchase in Japan time, 0–23. */
  hourJst: number;
  /** Keyed MAC of the device: browser fields + 3DS Method facts, or the app's deviceInfo identifiers. */
  deviceMac: string | undefined;
  /** Whether the 3DS Method ran (threeDSCompInd Y): without it the browser identity rests on AReq fields only. */
  methodCompleted: boolean;
  /** Keyed MAC of the browser IP's /24 (IPv4) or /48 (IPv6). */
  ipRangeMac: string | undefined;
  /** Keyed MAC of the merchant (acquirerMerchantID, else merchantName). */
  merchantMac: string | undefined;
  /** 2.2 whiteListStatus / 2.3.1 trustListStatus Y: the requestor says the member trusts this merchant. */
  merchantTrustedByRequestor: boolean;
}

/** What the ACS already knows about this card, read in one statement on the AReq path (src/features/risk/). */
export interface RiskHistory {
  /** Authenticated purchases (Y) of this card in the look-back window, all channels. */
  authenticatedPurchases: number;
  /** … of which from the same device, the same IP range, the same merchant. */
  authenticatedOnDevice: number;
  authenticatedFromIpRange: number;
  authenticatedAtMerchant: number;
  /** The largest amount in yen the member authenticated in the window (0 when none). */
  largestAuthenticatedYen: number;
  /** Languages the member's authenticated purchases came with. */
  knownLanguages: readonly string[];
  /** AReqs for this card in the last hour and the last 24 hours (this one excluded). */
  cardAReqsLastHour: number;
  cardAReqsLastDay: number;
  /** Other cards (this one not counted) seen from this device / this IP range in the last hour. */
  cardsOnDeviceLastHour: number;
  cardsFromIpRangeLastHour: number;
  /** Hours since the phone number was last changed (the binding in force was made); undefined if never changed. */
  hoursSincePhoneChange: number | undefined;
  /** The member was ever locked after a lost/stolen report (terms art. 2-2). */
  lostStolenBefore: boolean;
  /** Challenges of this card that ended with wrong codes (N/19) in the look-back window. */
  failedChallenges: number;
  /** Fraud reports of the member (terms art. 5-2) not yet closed. */
  openFraudReports: number;
  /** The member put this merchant on the trusted list (issue #20 item 5). */
  trustedMerchant: boolean;
}

/** The issuer's limits and weights, versioned as data in the risk_policies table (docs/risk.md). */
export interface RiskPolicy {
  /** challenge_all: the terms' article 4 (ID and one-time password at every purchase); the score is only recorded. */
  mode: 'challenge_all' | 'risk';
  /** Below this score: frictionless; at or above refuseAtOrAbove: refused; in between: challenged. */
  frictionlessBelow: number;
  refuseAtOrAbove: number;
  /** No purchase above this amount in yen is frictionless, whatever its score. */
  maxFrictionlessYen: number;
  /** Challenge the first purchase from a device this card never authenticated on. */
  challengeNewDevice: boolean;
  /** Card-testing velocity: at or above any of these, refuse (reason 11). */
  cardTesting: { cardAReqsPerHour: number; cardsPerDevicePerHour: number; cardsPerIpRangePerHour: number };
  /** Requestor exemptions (challengeInd 05 TRA, 10 low value…) honoured at most up to these. */
  exemptions: { lowValueUpToYen: number; traUpToYen: number; maxScore: number };
  /** Challenge for this many hours after a phone change (account takeover right after a SIM swap). */
  phoneChangeCooldownHours: number;
}

export type RiskSignal =
  | 'base'
  | 'amount_high'
  | 'amount_above_habit'
  | 'amount_small'
  | 'foreign_currency'
  | 'mcc_high_risk'
  | 'known_device'
  | 'new_device'
  | 'no_device_id'
  | 'method_not_run'
  | 'known_ip_range'
  | 'known_merchant'
  | 'new_merchant'
  | 'trusted_merchant'
  | 'first_purchase'
  | 'account_new'
  | 'account_established'
  | 'password_just_changed'
  | 'new_ship_address'
  | 'suspicious_account'
  | 'merchant_velocity'
  | 'prior_challenge'
  | 'prior_frictionless'
  | 'language_unusual'
  | 'time_zone_abroad'
  | 'night_hours'
  | 'card_velocity'
  | 'device_many_cards'
  | 'ip_many_cards'
  | 'phone_changed'
  | 'lost_stolen_before'
  | 'failed_challenges'
  | 'open_fraud_report';

export interface RiskReason {
  signal: RiskSignal;
  /** What it added to the score (negative: lowers the risk). */
  points: number;
}

/** Which rule, if any, overrode the score band. */
export type RiskRule =
  | 'challenge_all'
  | 'card_testing'
  | 'new_device'
  | 'amount_limit'
  | 'phone_cooldown'
  | 'requestor_mandate'
  | 'exemption';

export type RiskOutcome = 'frictionless' | 'challenge' | 'refuse';

export interface RiskAssessment {
  score: number;
  decision: RiskOutcome;
  /** With refuse: transStatusReason 11 "suspected fraud" (EMV 3DS 2.2 Table A.4). */
  transStatusReason?: '11';
  rule?: RiskRule;
  reasons: RiskReason[];
}
