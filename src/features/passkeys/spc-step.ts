import type { ServiceDeps } from '../../app/deps.ts';
import { issueCavv } from '../../infra/crypto/cavv-keys.ts';
import type { JsonObject } from '../../protocol/json.ts';
import type { OutgoingMessage } from '../../protocol/outgoing.ts';
import { type MessageVersion, versionHas } from '../../protocol/versions.ts';
import { withDeadline } from '../../storage/database.ts';
import type { NewTransaction } from '../../storage/schema.ts';
import { spcResultOf } from './spc-fields.ts';
import { spcOffer } from './spc-offer.ts';
import { approveBySpc } from './spc-verify.ts';

/** What the AReq path takes from the SPC step: the ARes to send instead, its outcome and the columns to store. */
export interface SpcStep {
  ares: (challenge: OutgoingMessage) => OutgoingMessage;
  outcome: { transStatus: string; transStatusReason: null; eci: string | null };
  columns: Pick<
    NewTransaction,
    'state' | 'trans_status' | 'eci' | 'cavv' | 'authentication_type' | 'rreq_url' | 'deadline_at'
  >;
}

/** Members of a challenge ARes that neither S nor a Y carries. */
function withoutChallenge(ares: OutgoingMessage): OutgoingMessage {
  const { acsURL: _u, acsChallengeMandated: _m, authenticationMethod: _a, authenticationType: _t, ...rest } = ares;
  return rest;
}

export interface SpcStepInput {
  areq: JsonObject;
  version: MessageVersion;
  pan: string;
  card: { card_ref: string; enet_id: string };
  acsTransID: string;
  at: Date;
}

/**
 * Secure Payment Confirmation on the AReq path (EMV 3DS 2.3.1, browser channel; docs/passkeys.md). Called only
 * for an AReq the decision would challenge. An AReq that brings an SPC assertion back is answered Y, ECI 05,
 * a CAVV and authenticationMethod ["14"] when it verifies; one that reports SPC did not complete
 * (spcIncompInd), or whose assertion fails, gets the ordinary challenge (undefined). An AReq with
 * threeDSRequestorSpcSupport Y is answered S when the member can use SPC. Nothing here costs an AReq that
 * mentions no SPC.
 */
export async function spcStep(deps: ServiceDeps, input: SpcStepInput): Promise<SpcStep | undefined> {
  const { areq, version } = input;
  if (areq.deviceChannel !== '02' || !versionHas(version, 'securePaymentConfirmation')) return undefined;
  const result = spcResultOf(areq);
  if (result.kind === 'assertion') {
    // Bounded like the card lookup: a stuck database is Erro 403 (thrown), never a C the approval could outlive.
    const ok = await withDeadline(
      approveBySpc(deps, { ...input, priorAcsTransID: result.priorAcsTransID, response: result.response }),
      deps.config.AREQ_DATABASE_TIMEOUT_MS,
      'SPC verification timed out',
    );
    return ok ? approved(deps, input) : undefined;
  }
  if (result.kind !== 'none' || areq.threeDSRequestorSpcSupport !== 'Y') return undefined;
  // Offering is optional: if the database is slow, the ordinary challenge goes out (the open challenge just expires).
  const offer = await withDeadline(
    spcOffer(deps, { ...input, enetId: input.card.enet_id }),
    deps.config.AREQ_DATABASE_TIMEOUT_MS,
    'SPC offer timed out',
  ).catch((err: unknown) => {
    deps.logger.warn({ err, acsTransID: input.acsTransID }, 'SPC offer failed; answering with a challenge');
    return undefined;
  });
  return offer && offered(offer);
}

const CLOSED = { state: 'decided', authentication_type: null, rreq_url: null, deadline_at: null } as const;

function offered(offer: NonNullable<Awaited<ReturnType<typeof spcOffer>>>): SpcStep {
  return {
    ares: (challenge) => ({ ...withoutChallenge(challenge), transStatus: 'S', ...offer }) as unknown as OutgoingMessage,
    outcome: { transStatus: 'S', transStatusReason: null, eci: null },
    columns: { ...CLOSED, trans_status: 'S', eci: null, cavv: null },
  };
}

function approved(deps: ServiceDeps, input: SpcStepInput): SpcStep {
  const { cavv } = issueCavv(deps.keys, input.pan, 'authenticated', input.at);
  return {
    // EMV 3DS 2.3.1 authenticationMethod 14: Secure Payment Confirmation.
    ares: (challenge) => ({
      ...withoutChallenge(challenge),
      transStatus: 'Y',
      eci: '05',
      authenticationValue: cavv,
      authenticationMethod: ['14'],
    }),
    outcome: { transStatus: 'Y', transStatusReason: null, eci: '05' },
    columns: { ...CLOSED, trans_status: 'Y', eci: '05', cavv, authentication_type: '14' },
  };
}
