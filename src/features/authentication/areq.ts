import type { KeyObject } from 'node:crypto';
import type { ServiceDeps } from '../../app/deps.ts';
import { type DecisionInput, decide } from '../../core/decision.ts';
import { FIRST_CREQ_TIMEOUT_MS } from '../../core/transaction-state.ts';
import { type EcPublicJwk, sessionKeyContext } from '../../infra/crypto/app-session.ts';
import { issueCavv } from '../../infra/crypto/cavv-keys.ts';
import type { AcsSigner } from '../../infra/crypto/signing-identity.ts';
import { newEmvId } from '../../infra/ids.ts';
import type { Metrics } from '../../infra/metrics.ts';
import {
  appLanguage,
  deviceFacts,
  recognisedDeviceInfoVersion,
  sdkDrawsNativeText,
  setUpAppChallenge,
} from '../../protocol/app/ares.ts';
import type { JsonObject } from '../../protocol/json.ts';
import { aresOutcome, buildARes, type OutgoingMessage } from '../../protocol/outgoing.ts';
import type { MessageVersion } from '../../protocol/versions.ts';
import { withDeadline } from '../../storage/database.ts';
import type { GroupCommit } from '../../storage/group-commit.ts';
import { openingEvent } from '../../storage/repositories/areq-rows.ts';
import type { CardLookups } from '../../storage/repositories/auth-lookup.ts';
import { areqLogColumns } from '../../storage/repositories/message-log.ts';
import type { NewTransaction } from '../../storage/schema.ts';
import { withoutNul } from '../../storage/text.ts';
import type { CardRangeCache } from '../issuer-api/card-ranges.ts';
import type { ServiceStatus } from '../operations/service/service-status.ts';
import { spcStep } from '../passkeys/spc-step.ts';
import { riskRead, riskStep } from '../risk/areq-step.ts';
import type { ActiveRiskPolicy } from '../risk/policy.ts';
import { resolveRReqTarget } from './dsurl.ts';

export interface AReqDeps extends ServiceDeps {
  ranges: CardRangeCache;
  serviceStatus: ServiceStatus;
  rreqFallbackUrl: string;
  /** Batches AReq rows into shared commits; a caller resumes only once its rows are durable. */
  commits: GroupCommit;
  /** Batches the card lookups of concurrent AReqs into one query (with their risk history under a risk policy). */
  cardLookups: CardLookups;
  /** Signs acsSignedContent for app challenges. */
  signing: AcsSigner;
  /** The risk policy in force (issue #20), held in memory; its decisions are counted in metrics. */
  riskPolicy: ActiveRiskPolicy;
  metrics: Pick<Metrics, 'riskDecisions' | 'riskReasons' | 'riskShadowDecisions'>;
}

/** The SDK's ephemeral key of an app AReq, already checked by the protocol layer. */
export interface SdkEphemeralKey {
  key: KeyObject;
  jwk: EcPublicJwk;
}

export type AReqAnswer =
  | { kind: 'ares'; message: OutgoingMessage; acsTransID: string; transStatus: string }
  | { kind: 'not_in_range' };

const str = (m: JsonObject, k: string): string | undefined =>
  typeof m[k] === 'string' ? withoutNul(m[k] as string) : undefined;

/** Current month in Japan time as YYMM (card expiry is a Japanese issuer's calendar month). */
function yymmInJapan(at: Date): string {
  const jst = new Date(at.getTime() + 9 * 3600_000);
  return `${String(jst.getUTCFullYear() % 100).padStart(2, '0')}${String(jst.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Decides and records one AReq. Its transaction row, which carries both messages and the opening event, is
 * committed (in a group commit shared with concurrent AReqs) before the ARes leaves, so a CReq on any node
 * finds it and a crash cannot forget it.
 */
export async function answerAReq(
  deps: AReqDeps,
  areq: JsonObject,
  version: MessageVersion,
  sdk?: SdkEphemeralKey,
): Promise<AReqAnswer> {
  const pan = str(areq, 'acctNumber') ?? '';
  const issuerId = deps.ranges.issuerFor(pan);
  if (!issuerId) return { kind: 'not_in_range' };
  const at = deps.clock.now();
  // issue #20: under a risk policy (or a shadow) the card lookup's statement also reads the card's risk history.
  const read = riskRead(deps, areq, at);
  // Bounded: with the database stuck the AReq is answered Erro 403 in time (nothing is written yet).
  const card = await withDeadline(
    deps.cardLookups.find(deps.keys.mac('pan', pan), read.history),
    deps.config.AREQ_DATABASE_TIMEOUT_MS,
    'card lookup timed out',
  );
  const challengeInd = areq.threeDSRequestorChallengeInd;
  const input: DecisionInput = {
    deviceChannel: str(areq, 'deviceChannel') ?? '',
    messageCategory: str(areq, 'messageCategory') ?? '',
    messageVersion: version,
    currentYymm: yymmInJapan(at),
    card: card && { status: card.card_status, expiry: card.expiry },
    member: card && { status: card.member_status, enrollment: card.enrollment, hasPhone: card.binding_id !== null },
    suspension: deps.serviceStatus.suspensionFor(issuerId, pan, at),
    unenrolledPolicy: deps.config.UNENROLLED_POLICY,
    challengeIndicators: Array.isArray(challengeInd)
      ? challengeInd.filter((v): v is string => typeof v === 'string')
      : typeof challengeInd === 'string'
        ? [challengeInd]
        : [],
    appNativeTextUi: sdk !== undefined && sdkDrawsNativeText(areq),
  };
  // ── risk-based authentication (issue #20): src/features/risk/areq-step.ts may turn a challenge into Y or N/11.
  const tableDecision = decide(input);
  const risk = card ? riskStep(deps, read, card, tableDecision) : undefined;
  const decision = risk?.decision ?? tableDecision;
  // ──
  const acsTransID = newEmvId();
  // ── Secure Payment Confirmation (issue #21, 2.3.1): src/features/passkeys/spc-step.ts may answer a challenge
  // with S (SPC offered) or, for the AReq bringing the SPC assertion back, Y by SPC.
  const spc =
    card && decision.kind === 'challenge'
      ? await spcStep(deps, { areq, version, pan, card, acsTransID, at })
      : undefined;
  // ──
  // A, or a frictionless Y: the CAVV goes in the ARes (after a challenge, the RReq carries it instead).
  const issued =
    decision.kind === 'attempts'
      ? issueCavv(deps.keys, pan, 'attempts', at)
      : decision.kind === 'frictionless'
        ? issueCavv(deps.keys, pan, 'authenticated', at, 'frictionless')
        : undefined;
  const acsURL = `${deps.config.PUBLIC_URL}/3ds/challenge`;
  const challenge = decision.kind === 'challenge';
  // Only app AReqs pay for this: a key agreement and a signature per challenge, device facts per answer.
  const facts = sdk ? deviceFacts(areq) : undefined;
  const app =
    sdk && facts && challenge
      ? await setUpAppChallenge(deps.signing, sdk, str(areq, 'sdkReferenceNumber') ?? '', acsURL, facts)
      : undefined;
  const built = buildARes({
    version,
    areq,
    acsTransID,
    decision,
    acsURL,
    ...(issued && { authenticationValue: issued.cavv }),
    ...(facts && { app: app?.ares ?? { deviceInfoRecognisedVersion: recognisedDeviceInfoVersion(facts) } }),
  });
  const ares = spc ? spc.ares(built) : built;
  const outcome = spc?.outcome ?? aresOutcome(decision, version);
  const browser = (areq.browserInfo ?? areq) as JsonObject;
  const row: NewTransaction = {
    acs_trans_id: acsTransID,
    three_ds_server_trans_id: str(areq, 'threeDSServerTransID') ?? '',
    ds_trans_id: str(areq, 'dsTransID') ?? null,
    sdk_trans_id: str(areq, 'sdkTransID') ?? null,
    message_version: version,
    device_channel: input.deviceChannel,
    message_category: input.messageCategory,
    issuer_id: issuerId,
    card_ref: card?.card_ref ?? null,
    enet_id: card?.enet_id ?? null,
    state: challenge ? 'challenge_issued' : 'decided',
    trans_status: outcome.transStatus,
    trans_status_reason: outcome.transStatusReason,
    eci: outcome.eci,
    cavv: issued?.cavv ?? null,
    authentication_type: challenge ? '02' : null,
    merchant_name: str(areq, 'merchantName') ?? null,
    purchase_amount: str(areq, 'purchaseAmount') ?? null,
    purchase_currency: str(areq, 'purchaseCurrency') ?? null,
    purchase_exponent: str(areq, 'purchaseExponent') ?? null,
    purchase_date: str(areq, 'purchaseDate') ?? null,
    notification_url: str(areq, 'notificationURL') ?? null,
    rreq_url: challenge ? resolveRReqTarget(areq.dsURL, deps.config.DS_URL_ALLOWLIST, deps.rreqFallbackUrl) : null,
    browser_ip: str(browser, 'browserIP') ?? null,
    browser_user_agent: str(browser, 'browserUserAgent') ?? null,
    browser_language: str(browser, 'browserLanguage') ?? null,
    three_ds_comp_ind: str(areq, 'threeDSCompInd') ?? null,
    deadline_at: challenge ? new Date(at.getTime() + FIRST_CREQ_TIMEOUT_MS) : null,
    created_at: at,
    updated_at: at,
    ...risk?.columns,
    ...spc?.columns,
    ...(app &&
      facts && {
        app_session_key_enc: deps.keys.encrypt(app.sessionKey.toString('base64url'), sessionKeyContext(acsTransID)),
        app_sdk_counter: 0,
        app_acs_counter: 0,
        app_lang: appLanguage(facts.locale),
      }),
  };
  await deps.commits.submit({
    ...row,
    ...openingEvent(
      row,
      outcome.transStatusReason ? `${outcome.transStatus}/${outcome.transStatusReason}` : outcome.transStatus,
    ),
    ...areqLogColumns(deps.keys, { ...areq, acctNumber: pan }, ares),
  });
  return { kind: 'ares', message: ares, acsTransID, transStatus: outcome.transStatus };
}
