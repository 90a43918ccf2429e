import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { TRUSTED_NAME_CONTEXT } from '../../infra/crypto/seal-contexts.ts';
import { newId } from '../../infra/ids.ts';
import { compiledMessage } from '../../protocol/compile.ts';
import type { OutgoingMessage } from '../../protocol/outgoing.ts';
import { isMessageVersion } from '../../protocol/versions.ts';
import type { Executor } from '../../storage/database.ts';
import { insertTrustedMerchant } from '../../storage/repositories/trusted-merchants.ts';
import type { TransactionRow } from '../../storage/schema.ts';

/** The status and source fields of trust listing in one message version (2.2.0 whiteList…, 2.3.1 trustList…). */
interface TrustListFields {
  status: 'whiteListStatus' | 'trustListStatus';
  source: 'whiteListStatusSource' | 'trustListStatusSource';
}

/**
 * The field names come from the field tables, not from a version compare: the RReq of 2.2.0 has whiteListStatus,
 * 2.3.1 renamed it trustListStatus, 2.1.0 has neither (so trust listing is never offered there).
 */
function trustListFields(version: string): TrustListFields | undefined {
  if (!isMessageVersion(version)) return undefined;
  const rreq = compiledMessage('RReq', version).fields;
  if (rreq.has('trustListStatus')) return { status: 'trustListStatus', source: 'trustListStatusSource' };
  if (rreq.has('whiteListStatus')) return { status: 'whiteListStatus', source: 'whiteListStatusSource' };
  return undefined;
}

export type TrustListing = TrustListFields & { merchantMac: string; merchantName: string };

type OfferFacts = Pick<
  TransactionRow,
  'message_version' | 'device_channel' | 'areq_body' | 'enet_id' | 'risk_merchant_mac' | 'merchant_name'
>;

/**
 * Whether the browser challenge may offer to put the merchant on the member's trusted list. The 3DS Requestor
 * offers it in the AReq (EMV 3DS 2.2/2.3.1, Table A.1) with the status field N ("not on the list") and source 01
 * (the 3DS Server, on the requestor's behalf), or with threeDSRequestorChallengeInd 09 ("challenge requested:
 * trust list prompt"). Browser channel only; the merchant must be known by its risk MAC and by a name to show.
 */
export function trustListOffer(txn: OfferFacts): TrustListing | undefined {
  if (txn.device_channel !== '02' || !txn.enet_id || !txn.risk_merchant_mac || !txn.merchant_name) return undefined;
  const fields = trustListFields(txn.message_version);
  if (!fields || !txn.areq_body) return undefined;
  const areq = parseObject(txn.areq_body);
  if (!areq) return undefined;
  const indicator = areq.threeDSRequestorChallengeInd;
  const asksPrompt = indicator === '09' || (Array.isArray(indicator) && indicator.includes('09'));
  const notListed = areq[fields.status] === 'N' && areq[fields.source] === '01';
  if (!asksPrompt && !notListed) return undefined;
  return { ...fields, merchantMac: txn.risk_merchant_mac, merchantName: txn.merchant_name };
}

/** The RReq members that report the member's consent: listed (Y), set by the ACS (source 03). */
export function trustListedRReqFields(listing: TrustListing): OutgoingMessage {
  return { [listing.status]: 'Y', [listing.source]: '03' };
}

/** Records the member's consent (one statement, in the caller's transaction: the challenge's ending). */
export async function addTrustedMerchantFromChallenge(
  trx: Executor,
  keys: KeyRing,
  txn: Pick<TransactionRow, 'acs_trans_id' | 'enet_id'>,
  listing: TrustListing,
  at: Date,
): Promise<void> {
  if (!txn.enet_id) return;
  await insertTrustedMerchant(trx, {
    id: newId('tmer', at.getTime()),
    enetId: txn.enet_id,
    merchantMac: listing.merchantMac,
    merchantNameEnc: keys.encrypt(listing.merchantName, TRUSTED_NAME_CONTEXT),
    addedFrom: 'challenge',
    acsTransID: txn.acs_trans_id,
    at,
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
