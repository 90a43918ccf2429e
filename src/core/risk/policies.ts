import type { RiskPolicy } from './types.ts';

/**
 * The two policies the service ships (docs/risk.md). The default is the terms in force: article 4 asks for the
 * e-net ID and a one-time password at every purchase, so every AReq is challenged and the score only recorded.
 */
export const CHALLENGE_ALL_POLICY: RiskPolicy = {
  mode: 'challenge_all',
  frictionlessBelow: 0,
  refuseAtOrAbove: 101,
  maxFrictionlessYen: 0,
  challengeNewDevice: true,
  cardTesting: { cardAReqsPerHour: 5, cardsPerDevicePerHour: 3, cardsPerIpRangePerHour: 10 },
  exemptions: { lowValueUpToYen: 0, traUpToYen: 0, maxScore: 0 },
  phoneChangeCooldownHours: 72,
};

/** The demo's risk policy: needs a terms version in force describing risk-based authentication to be activated. */
export const DEMO_RISK_POLICY: RiskPolicy = {
  mode: 'risk',
  frictionlessBelow: 40,
  refuseAtOrAbove: 85,
  maxFrictionlessYen: 100_000,
  challengeNewDevice: true,
  cardTesting: { cardAReqsPerHour: 5, cardsPerDevicePerHour: 3, cardsPerIpRangePerHour: 10 },
  exemptions: { lowValueUpToYen: 5_000, traUpToYen: 30_000, maxScore: 55 },
  phoneChangeCooldownHours: 72,
};
