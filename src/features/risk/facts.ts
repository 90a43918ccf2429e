import type { RiskAReq } from '../../core/risk/types.ts';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { deviceFacts } from '../../protocol/app/ares.ts';
import type { JsonObject } from '../../protocol/json.ts';

/**
 * The AReq reduced to what the risk engine reads (src/core/risk/types.ts). Identifiers are keyed MACs in the
 * `risk` domain so the history can be matched without storing the device, the IP or the merchant in clear.
 */
export function riskFacts(keys: KeyRing, areq: JsonObject, at: Date): RiskAReq {
  const browser = (isObject(areq.browserInfo) ? areq.browserInfo : areq) as JsonObject;
  const channel = text(areq.deviceChannel) ?? '';
  const currency = text(areq.purchaseCurrency);
  const ipRange = channel === '02' ? ipRangeOf(text(browser.browserIP)) : undefined;
  const merchant = merchantKey(areq);
  const device = channel === '01' ? text(areq.sdkAppID) : browserDeviceKey(browser);
  return {
    deviceChannel: channel,
    messageCategory: text(areq.messageCategory) ?? '',
    amountYen: currency === '392' ? amountOf(areq) : undefined,
    foreignCurrency: currency !== undefined && currency !== '392',
    mcc: text(areq.mcc),
    challengeIndicators: challengeIndicators(areq.threeDSRequestorChallengeInd),
    acctInfo: acctInfoOf(areq.acctInfo),
    priorAuthMethod: isObject(areq.threeDSRequestorPriorAuthenticationInfo)
      ? text(areq.threeDSRequestorPriorAuthenticationInfo.threeDSReqPriorAuthMethod)
      : undefined,
    language: primaryLanguage(channel === '01' ? deviceFacts(areq).locale : text(browser.browserLanguage)),
    timeZoneOffset: channel === '02' ? integer(text(browser.browserTZ)) : undefined,
    hourJst: (at.getUTCHours() + 9) % 24,
    deviceMac: device ? keys.mac('risk', `device:${channel}:${device}`) : undefined,
    methodCompleted: text(areq.threeDSCompInd) === 'Y',
    ipRangeMac: ipRange ? keys.mac('risk', `ip:${ipRange}`) : undefined,
    merchantMac: merchant ? keys.mac('risk', `merchant:${merchant}`) : undefined,
    merchantTrustedByRequestor: text(areq.whiteListStatus) === 'Y' || text(areq.trustListStatus) === 'Y',
  };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function integer(v: string | undefined): number | undefined {
  return v !== undefined && /^[+-]?\d{1,9}$/.test(v) ? Number(v) : undefined;
}

function challengeIndicators(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];
}

/** purchaseAmount in minor units and purchaseExponent (0 for yen); undefined when either is not a number. */
function amountOf(areq: JsonObject): number | undefined {
  const minor = integer(text(areq.purchaseAmount));
  const exponent = integer(text(areq.purchaseExponent)) ?? 0;
  return minor === undefined || exponent > 3 ? undefined : Math.floor(minor / 10 ** exponent);
}

function acctInfoOf(v: unknown): RiskAReq['acctInfo'] {
  if (!isObject(v)) return {};
  const out: RiskAReq['acctInfo'] = {};
  for (const k of ['chAccAgeInd', 'chAccPwChangeInd', 'shipAddressUsageInd', 'suspiciousAccActivity'] as const) {
    const value = text(v[k]);
    if (value !== undefined) out[k] = value;
  }
  const txn = integer(text(v.txnActivityDay));
  if (txn !== undefined) out.txnActivityDay = txn;
  const provision = integer(text(v.provisionAttemptsDay));
  if (provision !== undefined) out.provisionAttemptsDay = provision;
  return out;
}

/** ja-JP, ja_JP → ja. */
function primaryLanguage(tag: string | undefined): string | undefined {
  const primary = tag?.split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/**
 * The browser, identified without cookies by what the AReq's browser fields (and the 3DS Method page, which sees
 * the same browser) tell: user agent, screen, colour depth, time zone and language. Stable across purchases from
 * the same browser; the accept header is left out because it changes with the page that asks.
 */
function browserDeviceKey(b: JsonObject): string | undefined {
  const ua = text(b.browserUserAgent);
  if (!ua) return undefined;
  return [ua, b.browserScreenWidth, b.browserScreenHeight, b.browserColorDepth, b.browserTZ, b.browserLanguage]
    .map((v) => (typeof v === 'string' ? v : ''))
    .join('\u001f');
}

/** IPv4 /24 or IPv6 /48: the household or office network rather than the one address a router hands out. */
function ipRangeOf(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip.split('.').slice(0, 3).join('.');
  if (ip.includes(':')) return ip.toLowerCase().split(':').slice(0, 3).join(':');
  return undefined;
}

/** The acquirer's merchant ID when sent (stable), else the merchant's name. */
function merchantKey(areq: JsonObject): string | undefined {
  const bin = text(areq.acquirerBIN);
  const id = text(areq.acquirerMerchantID);
  if (bin && id) return `${bin}/${id}`;
  const name = text(areq.merchantName);
  return name ? `name:${name}` : undefined;
}
