import type { ChallengeErrorKind, ChallengeNotice } from '../../../core/challenge-view.ts';
import type { ErroMessage } from '../../../protocol/erro.ts';
import type { TransactionRow } from '../../../storage/schema.ts';
import type { ChallengeContext } from './context.ts';

/** What one challenge request leads to; the web handler turns it into a page. */
export type ChallengeStep =
  | {
      kind: 'page';
      txn: TransactionRow;
      ctx: ChallengeContext;
      formToken: string;
      notice?: ChallengeNotice;
      enetIdValue?: string;
    }
  | { kind: 'final'; txn: TransactionRow; rreqJobId?: string }
  | { kind: 'erro'; notificationUrl: string; erro: ErroMessage; sessionData: string | undefined }
  | { kind: 'error'; error: ChallengeErrorKind; status: 400 | 404 | 410 | 409 };
