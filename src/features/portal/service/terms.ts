/**
 * Terms acceptance lives in src/features/terms/service/acceptance.ts; re-exported here for the portal's phone
 * registration (phone-start.ts, phone-confirm.ts) until it imports the terms feature directly.
 */
export {
  type AcceptedTerms,
  type AcceptResult,
  acceptTerms,
  hasAccepted,
  latestConsent,
  nextTermsAfter,
  recordConsent,
  termsInForceOn,
} from '../../terms/service/acceptance.ts';
