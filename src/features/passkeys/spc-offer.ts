import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../../app/deps.ts';
import { formatAmount } from '../../core/format.ts';
import type { JsonObject } from '../../protocol/json.ts';
import { enabledSpcPasskeysOf, openSpcChallenge } from '../../storage/repositories/spc.ts';
import { ISSUER_LOGO_SVG } from '../authentication/page/issuer-logo.ts';
import { passkeyTermsGate } from './terms-gate.ts';
import { newChallenge, relyingPartyOf } from './webauthn.ts';

/** How long the browser shows the SPC dialog (spcTransData.timeout, 60000–500000 ms). */
export const SPC_TIMEOUT_MS = 300_000;
/** The challenge outlives the dialog by this much, for the 3DS Server to send the assertion back. */
const SPC_RETURN_MS = 60_000;

/** The total the member confirms, as SPC shows it: alphabetic ISO 4217 code and a decimal value. */
export function spcTotal(areq: JsonObject): { currency: string; value: string } | undefined {
  const str = (k: string) => (typeof areq[k] === 'string' ? (areq[k] as string) : undefined);
  const shown = /^([A-Z]{3}) ([\d,.]+)$/.exec(
    formatAmount(str('purchaseAmount'), str('purchaseCurrency'), str('purchaseExponent'), 'en'),
  );
  return shown?.[1] && shown[2] ? { currency: shown[1], value: shown[2].replaceAll(',', '') } : undefined;
}

/** The payment instrument SPC shows: the issuer's card name and the masked number (last four digits only). */
export function spcInstrument(issuerName: string, pan: string) {
  return {
    displayName: `${issuerName} •••• ${pan.slice(-4)}`.slice(0, 40),
    icon: `data:image/svg+xml;base64,${Buffer.from(ISSUER_LOGO_SVG.replace(' class="logo"', '')).toString('base64')}`,
  };
}

export interface SpcOfferInput {
  areq: JsonObject;
  pan: string;
  enetId: string;
  acsTransID: string;
  at: Date;
}

/**
 * The ARes S members (EMV 3DS 2.3.1 ARes spcTransData and webAuthnCredList) when the member can confirm this
 * purchase with SPC: the terms version in force covers passkeys and the member accepted it (terms art. 12), at
 * least one enabled passkey is a payment credential (migration 0024), and the amount has an alphabetic currency.
 * Opens the single-use challenge.
 */
export async function spcOffer(deps: ServiceDeps, input: SpcOfferInput) {
  const { areq, at } = input;
  const payeeOrigin = typeof areq.payeeOrigin === 'string' ? areq.payeeOrigin : undefined;
  const total = spcTotal(areq);
  if (!payeeOrigin || !total) return undefined;
  const [gate, passkeys] = await Promise.all([
    passkeyTermsGate(deps.db, input.enetId, at),
    enabledSpcPasskeysOf(deps.db, input.enetId),
  ]);
  // fields.json WebAuthnCred.credentialIds: 16–1000 characters, at most 10 entries
  const credentialIds = passkeys
    .map((p) => deps.keys.decrypt(p.credential_enc, 'passkey'))
    .filter((id) => id.length >= 16 && id.length <= 1000)
    .slice(0, 10);
  if (!gate.ok || credentialIds.length === 0) return undefined;
  const rp = relyingPartyOf(deps.config);
  const challenge = newChallenge();
  await openSpcChallenge(deps.db, {
    id: `spc_${randomBytes(24).toString('base64url')}`,
    enetId: input.enetId,
    acsTransID: input.acsTransID,
    challenge,
    at,
    expiresAt: new Date(at.getTime() + SPC_TIMEOUT_MS + SPC_RETURN_MS),
  });
  const merchant = typeof areq.merchantName === 'string' ? areq.merchantName.slice(0, 40) : undefined;
  return {
    spcTransData: {
      challenge,
      ...total,
      ...spcInstrument(deps.config.ISSUER_SHORT_NAME, input.pan),
      payeeOrigin,
      ...(merchant && { payeeName: merchant }),
      timeout: String(SPC_TIMEOUT_MS),
    },
    webAuthnCredList: credentialIds.map((id) => ({ rpID: rp.id, credentialIds: id })),
  };
}
