import type { RiskPolicy } from './types.ts';

/** What both shipped policies share (under challenge-everything only a risk policy reads them). */
const SHARED = {
  challengeNewDevice: true,
  cardTesting: { cardAReqsPerHour: 5, cardsPerDevicePerHour: 3, cardsPerIpRangePerHour: 10 },
  phoneChangeCooldownHours: 72,
} as const satisfies Partial<RiskPolicy>;

/**
 * The two policies the service ships (docs/risk.md). The default is the terms in force: article 4 asks for the
 * e-net ID and a one-time password at every purchase, so every AReq is challenged and nothing else is decided.
 */
export const CHALLENGE_ALL_POLICY: RiskPolicy = {
  ...SHARED,
  cardTesting: { ...SHARED.cardTesting },
  mode: 'challenge_all',
  frictionlessBelow: 0,
  refuseAtOrAbove: 101,
  maxFrictionlessYen: 0,
  exemptions: { lowValueUpToYen: 0, traUpToYen: 0, maxScore: 0 },
};

/** The demo's risk policy: needs a terms version in force describing risk-based authentication to be activated. */
export const DEMO_RISK_POLICY: RiskPolicy = {
  ...SHARED,
  cardTesting: { ...SHARED.cardTesting },
  mode: 'risk',
  frictionlessBelow: 40,
  refuseAtOrAbove: 85,
  maxFrictionlessYen: 100_000,
  exemptions: { lowValueUpToYen: 5_000, traUpToYen: 30_000, maxScore: 55 },
};
