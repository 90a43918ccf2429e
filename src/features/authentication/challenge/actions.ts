import { isOverdue, RESULTS } from '../../../core/transaction-state.ts';
import { newFormNonce, readFormToken } from '../../../infra/crypto/form-token.ts';
import { swapFormNonce } from '../../../storage/repositories/transaction-challenge.ts';
import type { TransactionRow } from '../../../storage/schema.ts';
import { trustListOffer } from '../../risk/trusted-listing.ts';
import { type ActOutcome, checkCredentials, enetIdMac, finishChallenge, finishOverdue, resendCode } from './act.ts';
import type { ChallengeDeps } from './deps.ts';
import { showAgain } from './open.ts';
import type { ChallengeStep } from './steps.ts';

export type ChallengeAction =
  /** trustMerchant: the trusted-merchant box was ticked (issue #20 item 5); honoured only where it is offered. */
  | { type: 'submit'; enetId: string; otp: string; trustMerchant?: boolean }
  | { type: 'resend'; clientIp: string }
  | { type: 'cancel' }
  | { type: 'redisplay' }
  /** 続ける under the passkey offer: the window has not approved yet (or it has, and the swap above found the end). */
  | { type: 'passkey_check' }
  /** 「SMS で認証する」 under the passkey offer: the first code goes now, under the resend caps (docs/passkeys.md). */
  | { type: 'send_sms'; clientIp: string };

/**
 * A form post from the challenge page. The token is checked, then spent by swapping the stored nonce in one
 * conditional update: a replayed or concurrent post of the same page finds nothing to swap.
 */
export async function actOnChallenge(
  deps: ChallengeDeps,
  token: string,
  action: ChallengeAction,
): Promise<ChallengeStep> {
  const read = readFormToken(deps.keys, token);
  if (!read) return { kind: 'error', error: 'bad_request', status: 400 };
  const txn = await swapFormNonce(deps.db, read.acsTransID, read.nonce, newFormNonce());
  if (!txn) {
    const step = await showAgain(deps, read.acsTransID, { kind: 'stale_form' });
    return step;
  }
  // A post after the challenge's time ends it as the sweeper would: no code is checked or sent any more.
  if (isOverdue(txn.deadline_at, deps.clock.now()))
    return pageFor(deps, txn, await finishOverdue(deps, txn.acs_trans_id));
  switch (action.type) {
    case 'cancel':
      return pageFor(deps, txn, await finishChallenge(deps, txn, RESULTS.cancelledByCardholder));
    case 'redisplay':
      return showAgain(deps, txn.acs_trans_id);
    case 'passkey_check':
      return showAgain(deps, txn.acs_trans_id, { kind: 'passkey_pending' });
    case 'resend':
      return pageFor(deps, txn, await resendCode(deps, txn, action.clientIp));
    case 'send_sms': {
      const sent = await resendCode(deps, txn, action.clientIp);
      const first = sent.kind === 'open' && sent.notice?.kind === 'code_resent' && txn.otp_sends === 0;
      return pageFor(deps, txn, first ? { kind: 'open', notice: { kind: 'code_sent' } } : sent);
    }
    case 'submit': {
      const enetId = action.enetId.trim();
      if (enetId === '' || action.otp.trim() === '')
        return showAgain(deps, txn.acs_trans_id, { kind: 'missing_fields' }, enetId);
      const listing = action.trustMerchant ? trustListOffer(txn) : undefined;
      const outcome = await checkCredentials(deps, txn, enetIdMac(deps.keys, enetId), action.otp, listing);
      return pageFor(deps, txn, outcome, enetId);
    }
  }
}

/** The browser's answer to an outcome: the final page, or the challenge page again (the typed e-net ID kept). */
function pageFor(
  deps: ChallengeDeps,
  txn: TransactionRow,
  outcome: ActOutcome,
  enetIdValue?: string,
): Promise<ChallengeStep> | ChallengeStep {
  switch (outcome.kind) {
    case 'ended':
      return { kind: 'final', txn: outcome.txn, rreqJobId: outcome.rreqJobId };
    case 'open':
      return showAgain(deps, txn.acs_trans_id, outcome.notice, enetIdValue);
    case 'not_open':
      return showAgain(deps, txn.acs_trans_id);
  }
}
