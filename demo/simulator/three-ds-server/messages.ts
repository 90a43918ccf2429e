import type { JsonObject } from '../../../src/protocol/json.ts';
import type { MessageVersion } from '../../../src/protocol/versions.ts';
import { type BrowserInfo, browserFields } from './browser-info.ts';

/** Obviously not an EMVCo-assigned reference: this 3DS Server is a simulator. */
export const THREE_DS_SERVER_REFERENCE = 'NINSHO-3DSS-SIMULATOR';

/** The merchant as the 3DS Requestor and its acquirer describe it in an AReq. */
export interface MerchantProfile {
  name: string;
  requestorID: string;
  requestorURL: string;
  acquirerBIN: string;
  acquirerMerchantID: string;
  mcc: string;
}

export type WindowSize = '01' | '02' | '03' | '04' | '05';
export type CompInd = 'Y' | 'N' | 'U';

export interface BrowserAReqInput {
  version: MessageVersion;
  threeDSServerTransID: string;
  card: { pan: string; expiry: string };
  /** Japanese yen: purchaseCurrency 392, purchaseExponent 0. */
  amountYen: number;
  purchaseDate: Date;
  merchant: MerchantProfile;
  /** Where the DS sends this transaction's RReq. */
  threeDSServerURL: string;
  /** Where the ACS posts the final CRes (docs/emv-codes.md §13 step 6). */
  notificationURL: string;
  threeDSCompInd: CompInd;
  browser: BrowserInfo;
  /** Offer the trusted-merchant box (2.2.0 whiteList…, 2.3.1 trustList…: N from source 01). */
  offerTrustList?: boolean;
}

/** YYYYMMDDHHMMSS in UTC, as purchaseDate is written. */
export function purchaseDateText(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * A browser (deviceChannel 02), payment (messageCategory 01) AReq as a 3DS Server sends it to the DS —
 * without dsTransID / dsReferenceNumber / dsURL, which the DS adds. Fields per version as in fields.json.
 */
export function buildBrowserAReq(input: BrowserAReqInput): JsonObject {
  const { version, merchant } = input;
  return {
    messageType: 'AReq',
    messageVersion: version,
    messageCategory: '01',
    deviceChannel: '02',
    threeDSServerTransID: input.threeDSServerTransID,
    threeDSServerRefNumber: THREE_DS_SERVER_REFERENCE,
    threeDSServerOperatorID: 'NINSHO-SIM-OPERATOR',
    threeDSServerURL: input.threeDSServerURL,
    threeDSRequestorID: merchant.requestorID,
    threeDSRequestorName: merchant.name,
    threeDSRequestorURL: merchant.requestorURL,
    threeDSRequestorAuthenticationInd: '01',
    // 01 = no preference; an array of preferences from 2.3.1 on.
    threeDSRequestorChallengeInd: version === '2.3.1' ? ['01'] : '01',
    threeDSCompInd: input.threeDSCompInd,
    acquirerBIN: merchant.acquirerBIN,
    acquirerMerchantID: merchant.acquirerMerchantID,
    ...(version === '2.3.1' && { acquirerCountryCode: '392', acquirerCountryCodeSource: '01' }),
    mcc: merchant.mcc,
    merchantCountryCode: '392',
    merchantName: merchant.name,
    acctNumber: input.card.pan,
    cardExpiryDate: input.card.expiry,
    acctType: '02',
    purchaseAmount: String(input.amountYen),
    purchaseCurrency: '392',
    purchaseExponent: '0',
    purchaseDate: purchaseDateText(input.purchaseDate),
    transType: '01',
    notificationURL: input.notificationURL,
    ...browserFields(version, input.browser),
    ...(input.offerTrustList && trustListOffer(version)),
  };
}

/**
 * The merchant is not on the member's trusted list yet (N), as the 3DS Server knows it (source 01): the ACS may
 * offer the member to add it in the challenge (docs/risk.md "Trusted merchants"). 2.1.0 has no such field.
 */
function trustListOffer(version: MessageVersion): JsonObject | undefined {
  if (version === '2.2.0') return { whiteListStatus: 'N', whiteListStatusSource: '01' };
  if (version === '2.3.1') return { trustListStatus: 'N', trustListStatusSource: '01' };
  return undefined;
}

/** The browser CReq (docs/emv-codes.md §13 step 2), sent base64url-encoded in the `creq` form field. */
export function buildBrowserCReq(ares: JsonObject, windowSize: WindowSize): JsonObject {
  return {
    threeDSServerTransID: ares.threeDSServerTransID,
    acsTransID: ares.acsTransID,
    messageType: 'CReq',
    messageVersion: ares.messageVersion,
    challengeWindowSize: windowSize,
  };
}

/** The 3DS Method's `threeDSMethodData` (docs/emv-codes.md §15, 3DS Method). */
export function methodData(threeDSServerTransID: string, notificationURL: string): JsonObject {
  return { threeDSServerTransID, threeDSMethodNotificationURL: notificationURL };
}
