import { createHash } from 'node:crypto';
import type { ChallengeNotice } from '../../../core/challenge-view.ts';
import { isOpenChallenge, isOutcome, isOverdue } from '../../../core/transaction-state.ts';
import { newFormNonce, signFormToken } from '../../../infra/crypto/form-token.ts';
import { buildErro, erroForFailure } from '../../../protocol/erro.ts';
import { validateMessageText } from '../../../protocol/incoming.ts';
import { type JsonObject, parseJsonStrict } from '../../../protocol/json.ts';
import type { MessageVersion } from '../../../protocol/versions.ts';
import { canonicalJson } from '../../../storage/repositories/audit.ts';
import { lastSmsStatusFor } from '../../../storage/repositories/sms-messages.ts';
import { findWithContext, renewFormNonce } from '../../../storage/repositories/transaction-challenge.ts';
import { findTransaction } from '../../../storage/repositories/transactions.ts';
import type { TransactionRow } from '../../../storage/schema.ts';
import { finishOverdue } from './act.ts';
import { type ChallengeContext, challengeContext } from './context.ts';
import type { ChallengeDeps } from './deps.ts';
import { beginChallenge } from './start.ts';
import type { ChallengeStep } from './steps.ts';

/** base64url with or without padding (docs/interfaces.md), decoded strictly. */
export function decodeBase64Url(value: string): string | undefined {
  const trimmed = value.trim().replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(trimmed) || trimmed.length === 0 || trimmed.length % 4 === 1) return undefined;
  return Buffer.from(trimmed, 'base64url').toString('utf8');
}

/**
 * The browser CReq (first, or re-posted). The first one starts the challenge and sends the code; a reload or
 * re-post of the same CReq shows the page again and sends nothing; a different CReq for the open challenge
 * is Erro 305. A CReq after the deadline ends the challenge as the timeout would (EMV 3DS §5.5) and opens
 * nothing.
 */
export async function openChallenge(
  deps: ChallengeDeps,
  creqField: string,
  sessionData: string | undefined,
): Promise<ChallengeStep> {
  const text = decodeBase64Url(creqField);
  const parsed = text === undefined ? undefined : parseJsonStrict(text);
  const ids = parsed && 'value' in parsed ? parsed.value : undefined;
  const acsTransID = typeof ids?.acsTransID === 'string' ? ids.acsTransID : undefined;
  if (!text || !acsTransID || !/^[0-9a-fA-F-]{36}$/.test(acsTransID))
    return { kind: 'error', error: 'bad_request', status: 400 };
  // The transaction, its challenge context and the phone's sends of the last day in one read (the first CReq's
  // page, its SMS and the phone's daily limit need them).
  const found = await findWithContext(deps.db, acsTransID, new Date(deps.clock.now().getTime() - 86_400_000));
  if (!found) return { kind: 'error', error: 'unknown_transaction', status: 404 };
  const { txn } = found;
  const version = txn.message_version as MessageVersion;
  const erroTo = (erro: ReturnType<typeof buildErro>): ChallengeStep =>
    txn.notification_url
      ? { kind: 'erro', notificationUrl: txn.notification_url, erro, sessionData }
      : { kind: 'error', error: 'bad_request', status: 400 };
  const checked = validateMessageText(text, {
    messageType: 'CReq',
    messageVersion: version,
    context: { deviceChannel: '02', messageCategory: txn.message_category },
  });
  if (!checked.ok) return erroTo(erroForFailure(checked, checked.message, { acsTransID, deviceChannel: '02' }));
  const creq = checked.message;
  if (creq.threeDSServerTransID !== txn.three_ds_server_trans_id) {
    return erroTo(
      buildErro({
        errorCode: '301',
        errorDetail: 'threeDSServerTransID',
        messageVersion: version,
        errorMessageType: 'CReq',
        ids: { acsTransID, threeDSServerTransID: creq.threeDSServerTransID },
        deviceChannel: '02',
      }),
    );
  }
  if (txn.state === 'decided' || txn.device_channel !== '02') {
    return erroTo(
      buildErro({
        errorCode: '305',
        errorDetail: 'acsTransID',
        errorDescription: 'no challenge was requested for this transaction',
        messageVersion: version,
        errorMessageType: 'CReq',
        ids: txn.acs_trans_id ? { acsTransID, threeDSServerTransID: txn.three_ds_server_trans_id } : {},
        deviceChannel: '02',
      }),
    );
  }
  if (isOpenChallenge(txn.state) && isOverdue(txn.deadline_at, deps.clock.now())) return late(deps, txn);
  if (txn.state === 'timed_out' || (!isOpenChallenge(txn.state) && txn.trans_status_reason === '14')) return EXPIRED;
  if (isOutcome(txn.state) || !isOpenChallenge(txn.state))
    return { kind: 'error', error: 'already_completed', status: 409 };
  const digest = creqDigest(creq);
  if (txn.state === 'challenge_in_progress' && txn.creq_digest !== null && txn.creq_digest !== digest) {
    // EMV 3DS Table A.4, 305 (transaction data not valid): a second, different CReq for a challenge already
    // open is not a reload; refuse it and leave the open challenge to the page the first CReq drew.
    return erroTo(
      buildErro({
        errorCode: '305',
        errorDetail: 'acsTransID',
        errorDescription: 'a different CReq for a challenge already open',
        messageVersion: version,
        errorMessageType: 'CReq',
        ids: { acsTransID, threeDSServerTransID: txn.three_ds_server_trans_id },
        deviceChannel: '02',
      }),
    );
  }
  const windowSize = typeof creq.challengeWindowSize === 'string' ? creq.challengeWindowSize : '05';
  return txn.state === 'challenge_issued'
    ? startChallenge(deps, txn, windowSize, sessionData, digest, challengeContext(deps.keys, txn, found.context))
    : showAgain(deps, txn.acs_trans_id);
}

const EXPIRED: ChallengeStep = { kind: 'error', error: 'expired', status: 410 };

/** A late CReq: the challenge ends N / 14 as the sweeper would end it, and the CReq is answered like one after it. */
async function late(deps: ChallengeDeps, txn: TransactionRow): Promise<ChallengeStep> {
  await finishOverdue(deps, txn.acs_trans_id);
  return EXPIRED;
}

/** What a CReq says, whatever the order of its members: a reload posts the same, another CReq differs. */
function creqDigest(creq: JsonObject): string {
  return createHash('sha256').update(canonicalJson(creq)).digest('base64url');
}

async function startChallenge(
  deps: ChallengeDeps,
  txn: TransactionRow,
  windowSize: string,
  sessionData: string | undefined,
  digest: string,
  ctx: ChallengeContext,
): Promise<ChallengeStep> {
  const nonce = newFormNonce();
  const started = await beginChallenge(
    deps,
    txn,
    { challenge_window_size: windowSize, session_data: sessionData ?? null, form_nonce: nonce, creq_digest: digest },
    `window ${windowSize}`,
    ctx,
  );
  if (!started) {
    // The deadline passed while this CReq was on its way in, or a concurrent first CReq won (it sent the code).
    if ((await finishOverdue(deps, txn.acs_trans_id)).kind === 'ended') return EXPIRED;
    return showAgain(deps, txn.acs_trans_id);
  }
  return {
    kind: 'page',
    txn: started.txn,
    ctx: started.ctx,
    formToken: signFormToken(deps.keys, txn.acs_trans_id, nonce),
    notice: started.notice,
  };
}

/** Renders the open challenge again with a fresh single-use token (reload, language switch, stale form). */
export async function showAgain(
  deps: ChallengeDeps,
  acsTransID: string,
  notice?: ChallengeNotice,
  enetIdValue?: string,
): Promise<ChallengeStep> {
  const nonce = newFormNonce();
  const renewed = await renewFormNonce(deps.db, acsTransID, nonce);
  if (!renewed) {
    const current = await findTransaction(deps.db, acsTransID);
    if (current && isOutcome(current.state)) return { kind: 'final', txn: current };
    if (current && (current.state === 'result_sent' || current.state === 'result_acknowledged'))
      return { kind: 'final', txn: current };
    return { kind: 'error', error: 'expired', status: 410 };
  }
  const { txn } = renewed;
  const ctx = challengeContext(deps.keys, txn, renewed.context);
  const shown = notice ?? (await lastSendFailed(deps, acsTransID));
  return {
    kind: 'page',
    txn,
    ctx,
    formToken: signFormToken(deps.keys, acsTransID, nonce),
    ...(shown && { notice: shown }),
    ...(enetIdValue !== undefined && { enetIdValue }),
  };
}

/** A code the provider finally refused is worth telling the member (issue #4: "try resend"). */
async function lastSendFailed(deps: ChallengeDeps, acsTransID: string): Promise<ChallengeNotice | undefined> {
  return (await lastSmsStatusFor(deps.db, acsTransID)) === 'failed' ? { kind: 'send_failed' } : undefined;
}
