import type { RiskHistory } from '../../core/risk/types.ts';
import type { RiskHistoryRow } from '../../storage/repositories/risk-history.ts';

/** The card's habits are read over this many days. */
export const RISK_HISTORY_DAYS = 90;

/**
 * What the ACS knows about the card, from the figures the AReq's card lookup read with the card
 * (storage/repositories/auth-lookup.ts `findCardsWithHistory`), as of `at`.
 */
export function riskHistoryOf(row: RiskHistoryRow, at: Date): RiskHistory {
  const phoneChangedAt = row.phone_changed_at === null ? undefined : new Date(row.phone_changed_at);
  return {
    authenticatedPurchases: row.authenticated,
    authenticatedOnDevice: row.on_device,
    authenticatedFromIpRange: row.from_ip_range,
    authenticatedAtMerchant: row.at_merchant,
    largestAuthenticatedYen: row.largest_yen === null ? 0 : Number(row.largest_yen),
    knownLanguages: row.languages ?? [],
    cardAReqsLastHour: row.card_last_hour,
    cardAReqsLastDay: row.card_last_day,
    cardsOnDeviceLastHour: row.device_other_cards,
    cardsFromIpRangeLastHour: row.ip_other_cards,
    hoursSincePhoneChange:
      phoneChangedAt === undefined ? undefined : (at.getTime() - phoneChangedAt.getTime()) / 3_600_000,
    lostStolenBefore: row.lost_stolen,
    failedChallenges: row.failed_challenges,
    openFraudReports: row.open_cases,
    trustedMerchant: row.trusted,
  };
}
