import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { ServiceDeps } from '../../app/deps.ts';
import type { JsonObject } from '../../protocol/json.ts';
import { withTransaction } from '../../storage/database.ts';
import { recordPasskeyUse } from '../../storage/repositories/passkeys.ts';
import { enabledSpcPasskeyByMac, recordSpcApproval, takeSpcChallenge } from '../../storage/repositories/spc.ts';
import { findTransaction } from '../../storage/repositories/transactions.ts';
import type { TransactionRow } from '../../storage/schema.ts';
import { splitTransports } from './registration.ts';
import { spcInstrument, spcTotal } from './spc-offer.ts';
import { passkeyTermsGate } from './terms-gate.ts';
import { type RelyingParty, relyingPartyOf } from './webauthn.ts';

export interface SpcAssertionInput {
  areq: JsonObject;
  pan: string;
  card: { card_ref: string; enet_id: string };
  priorAcsTransID: string;
  response: AuthenticationResponseJSON;
  acsTransID: string;
  at: Date;
}

/** What the browser put in clientDataJSON.payment (the SPC dialog's contents), as far as we check it. */
interface PaymentClientData {
  payment?: {
    rpId?: unknown;
    payeeOrigin?: unknown;
    total?: { currency?: unknown; value?: unknown };
    instrument?: { displayName?: unknown };
  };
}

function paymentShown(response: AuthenticationResponseJSON): PaymentClientData['payment'] {
  try {
    const data = JSON.parse(isoBase64URL.toUTF8String(response.response.clientDataJSON)) as PaymentClientData;
    return typeof data.payment === 'object' && data.payment !== null ? data.payment : undefined;
  } catch {
    return undefined;
  }
}

/** The ARes S this result answers was for the same card and the same amount. */
function answersOurOffer(prior: TransactionRow | undefined, cardRef: string, areq: JsonObject): boolean {
  return (
    prior?.trans_status === 'S' &&
    prior.card_ref === cardRef &&
    prior.purchase_amount === areq.purchaseAmount &&
    prior.purchase_currency === areq.purchaseCurrency &&
    prior.purchase_exponent === areq.purchaseExponent
  );
}

/** The dialog showed what we sent in spcTransData: our RP, this merchant origin, this amount, this card. */
function showedOurOffer(rp: RelyingParty, input: SpcAssertionInput, payeeOrigin: string, issuerName: string) {
  const shown = paymentShown(input.response);
  const total = spcTotal(input.areq);
  return (
    shown !== undefined &&
    total !== undefined &&
    shown.rpId === rp.id &&
    shown.payeeOrigin === payeeOrigin &&
    shown.total?.currency === total.currency &&
    shown.total?.value === total.value &&
    shown.instrument?.displayName === spcInstrument(issuerName, input.pan).displayName
  );
}

/**
 * Verifies the SPC assertion an AReq brings back (EMV 3DS 2.3.1). The challenge of the ARes S it names is taken
 * first, in one conditional statement, so it serves one verification whatever the outcome. Then: the S
 * transaction was for this card and this amount; the credential is one of this member's enabled payment passkeys and
 * passkeys are still allowed (terms art. 12); @simplewebauthn/server checks the type `payment.get`, challenge,
 * the merchant's origin (payeeOrigin), our RP id, user verification, signature and counter; the dialog showed
 * our amount and card. On success the counter moves (only from the value verified against) and the challenge
 * records the passkey and the approving transaction, in one database transaction. Any failure is `false`: the
 * caller answers with the ordinary decision (a challenge), never Y.
 */
export async function approveBySpc(deps: ServiceDeps, input: SpcAssertionInput): Promise<boolean> {
  const { card, at } = input;
  const payeeOrigin = typeof input.areq.payeeOrigin === 'string' ? input.areq.payeeOrigin : undefined;
  const taken = await takeSpcChallenge(deps.db, {
    priorAcsTransID: input.priorAcsTransID,
    enetId: card.enet_id,
    at,
  });
  if (!taken || !payeeOrigin) return false;
  if (!answersOurOffer(await findTransaction(deps.db, input.priorAcsTransID), card.card_ref, input.areq)) return false;
  const [passkey, gate] = await Promise.all([
    enabledSpcPasskeyByMac(deps.db, card.enet_id, deps.keys.mac('passkey', input.response.id)),
    passkeyTermsGate(deps.db, card.enet_id, at),
  ]);
  if (!passkey || !gate.ok) return false;
  const rp = relyingPartyOf(deps.config);
  if (!showedOurOffer(rp, input, payeeOrigin, deps.config.ISSUER_SHORT_NAME)) return false;
  const counter = Number(passkey.counter);
  const newCounter = await verifyAuthenticationResponse({
    response: input.response,
    expectedType: 'payment.get',
    expectedChallenge: taken.challenge,
    expectedOrigin: payeeOrigin,
    expectedTopOrigin: payeeOrigin,
    expectedRPID: rp.id,
    requireUserVerification: true,
    credential: {
      id: input.response.id,
      publicKey: isoBase64URL.toBuffer(passkey.public_key),
      counter,
      transports: splitTransports(passkey.transports) as never,
    },
  }).then(
    (r) => (r.verified ? r.authenticationInfo.newCounter : undefined),
    // A malformed or forged assertion is a refusal, never a 500.
    () => undefined,
  );
  if (newCounter === undefined) return false;
  return withTransaction(deps.db, async (trx) => {
    const used = await recordPasskeyUse(trx, { id: passkey.id, previousCounter: counter, newCounter, at });
    if (!used) return false;
    return recordSpcApproval(trx, { id: taken.id, passkeyId: passkey.id, acsTransID: input.acsTransID });
  });
}
