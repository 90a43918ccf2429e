import type { RiskAReq, RiskHistory, RiskReason, RiskSignal } from './types.ts';

/**
 * The signals and what each adds to the score (docs/risk.md lists them with the reasoning). Points are fixed
 * here rather than in the policy: a policy moves the thresholds and rules, and its backtest stays comparable
 * with the previous one because the same purchase always gets the same score.
 */
export const BASE_SCORE = 30;

/** Japan's browserTZ: UTC − JST in minutes. */
const JAPAN_TZ_OFFSET = -540;

/**
 * MCCs with the most card-not-present fraud in digital and resellable goods: digital goods (5815–5818), quasi-cash
 * (6051), money transfer (4829), gambling (7995), electronics (5732), jewellery (5944).
 */
const HIGH_RISK_MCC = new Set(['5815', '5816', '5817', '5818', '6051', '4829', '7995', '5732', '5944']);

type Collect = (signal: RiskSignal, points: number) => void;

/** Every signal that fires for this AReq and history, in a stable order; the score is BASE_SCORE plus their sum. */
export function riskReasons(areq: RiskAReq, history: RiskHistory): RiskReason[] {
  const reasons: RiskReason[] = [{ signal: 'base', points: BASE_SCORE }];
  const add: Collect = (signal, points) => {
    reasons.push({ signal, points });
  };
  purchaseSignals(areq, history, add);
  deviceSignals(areq, history, add);
  requestorSignals(areq, add);
  habitSignals(areq, history, add);
  cardHistorySignals(history, add);
  return reasons;
}

function purchaseSignals(areq: RiskAReq, history: RiskHistory, add: Collect): void {
  const yen = areq.amountYen;
  if (yen !== undefined) {
    if (yen >= 100_000) add('amount_high', 20);
    else if (yen >= 30_000) add('amount_high', 8);
    else if (yen < 3_000) add('amount_small', -5);
    const largest = history.largestAuthenticatedYen;
    if (largest > 0 && yen > 3 * largest) add('amount_above_habit', 25);
    else if (largest > 0 && yen > 2 * largest) add('amount_above_habit', 15);
  }
  if (areq.foreignCurrency) add('foreign_currency', 10);
  if (areq.mcc && HIGH_RISK_MCC.has(areq.mcc)) add('mcc_high_risk', 10);
  if (history.authenticatedPurchases === 0) add('first_purchase', 10);
  if (history.authenticatedAtMerchant > 0) add('known_merchant', -5);
  else if (history.authenticatedPurchases > 0) add('new_merchant', 5);
  if (history.trustedMerchant) add('trusted_merchant', -10);
  else if (areq.merchantTrustedByRequestor) add('trusted_merchant', -5);
}

function deviceSignals(areq: RiskAReq, history: RiskHistory, add: Collect): void {
  if (!areq.deviceMac) add('no_device_id', 20);
  else if (history.authenticatedOnDevice > 0) add('known_device', -20);
  else add('new_device', 20);
  if (areq.deviceChannel === '02' && !areq.methodCompleted) add('method_not_run', 5);
  if (areq.ipRangeMac && history.authenticatedFromIpRange > 0) add('known_ip_range', -5);
}

/** What the merchant tells about its own account and its earlier authentication of this member. */
function requestorSignals(areq: RiskAReq, add: Collect): void {
  const acct = areq.acctInfo;
  // chAccAgeInd 01 guest / 02 created during this transaction; 04 30–60 days, 05 more than 60 days.
  if (acct.chAccAgeInd === '01' || acct.chAccAgeInd === '02') add('account_new', 5);
  else if (acct.chAccAgeInd === '04' || acct.chAccAgeInd === '05') add('account_established', -5);
  if (acct.chAccPwChangeInd === '02') add('password_just_changed', 10);
  if (acct.shipAddressUsageInd === '01') add('new_ship_address', 5);
  if (acct.suspiciousAccActivity === '02') add('suspicious_account', 25);
  if ((acct.txnActivityDay ?? 0) >= 5 || (acct.provisionAttemptsDay ?? 0) >= 3) add('merchant_velocity', 15);
  // threeDSReqPriorAuthMethod 02: we challenged this member for this merchant before; 01: frictionless before.
  if (areq.priorAuthMethod === '02') add('prior_challenge', -10);
  else if (areq.priorAuthMethod === '01') add('prior_frictionless', -5);
}

function habitSignals(areq: RiskAReq, history: RiskHistory, add: Collect): void {
  if (areq.language) {
    const known = history.knownLanguages;
    if (known.length > 0 ? !known.includes(areq.language) : areq.language !== 'ja') add('language_unusual', 15);
  }
  if (areq.timeZoneOffset !== undefined && areq.timeZoneOffset !== JAPAN_TZ_OFFSET) add('time_zone_abroad', 10);
  if (areq.hourJst >= 1 && areq.hourJst < 5) add('night_hours', 5);
}

function cardHistorySignals(history: RiskHistory, add: Collect): void {
  if (history.cardAReqsLastDay >= 6) add('card_velocity', 15);
  if (history.cardsOnDeviceLastHour >= 1) add('device_many_cards', 15);
  if (history.cardsFromIpRangeLastHour >= 2) add('ip_many_cards', 10);
  const sincePhone = history.hoursSincePhoneChange;
  if (sincePhone !== undefined && sincePhone < 72) add('phone_changed', 30);
  else if (sincePhone !== undefined && sincePhone < 24 * 14) add('phone_changed', 10);
  if (history.lostStolenBefore) add('lost_stolen_before', 10);
  if (history.failedChallenges > 0) add('failed_challenges', 8 * Math.min(3, history.failedChallenges));
  if (history.openFraudReports > 0) add('open_fraud_report', 40);
}
