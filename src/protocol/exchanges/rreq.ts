import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { type JobHandler, type JobOutcome, untilRecorded } from '../../infra/jobs/worker.ts';
import type { Db } from '../../storage/database.ts';
import { type LoggedMessage, logMessages, messageLogRow } from '../../storage/repositories/message-log.ts';
import { acknowledgeRRes, move } from '../../storage/repositories/transactions.ts';
import { validateMessageText } from '../incoming.ts';
import { isMessageVersion, versionHas } from '../versions.ts';

const OUTCOME_STATES = ['authenticated', 'failed', 'cancelled', 'timed_out'] as const;

interface RReqPayload {
  acsTransID: string;
  url: string;
  message: Record<string, unknown>;
}

/** The job's payload as queued by `endChallenge` (checked, not assumed: it comes back from the database). */
function rreqPayload(payload: unknown): RReqPayload | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { acsTransID, url, message } = payload as Partial<Record<keyof RReqPayload, unknown>>;
  if (typeof acsTransID !== 'string' || typeof url !== 'string') return undefined;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  return { acsTransID, url, message: message as Record<string, unknown> };
}

/**
 * Delivers an RReq to the DS and reads its RRes. The message was fixed when the job was queued, so every
 * retry sends the same content with the same ids (exactly-once from the receiver's view, given its dedup
 * on acsTransID). Network errors and 5xx retry with backoff for an hour; an Erro from the DS is recorded.
 */
export function rreqJobHandler(db: Db, keys: KeyRing, now: () => Date, timeoutMs = 10_000): JobHandler {
  return {
    retryWindowMs: 60 * 60_000,
    async run(job): Promise<JobOutcome> {
      const p = rreqPayload(job.payload);
      if (!p) return { ok: false, retryable: false, error: 'not an RReq job payload' };
      const version = String(p.message.messageVersion);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      // From 2.3.1 the RReq carries X-Request-ID = acsTransID (Table A.29).
      if (versionHas(version, 'requestIdHeaders')) headers['X-Request-ID'] = p.acsTransID;
      let res: Response;
      try {
        res = await fetch(p.url, {
          method: 'POST',
          headers,
          body: JSON.stringify(p.message),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (err) {
        return { ok: false, retryable: true, error: `network: ${err instanceof Error ? err.name : 'error'}` };
      }
      const text = await res.text().catch(() => '');
      if (res.status >= 500 || res.status === 429) return { ok: false, retryable: true, error: `http ${res.status}` };
      // Delivered: from here a database failure must not send the RReq again (the DS already has it).
      return recordReply(db, keys, p, version, res.status, text, now, job.id).catch((err: unknown) => ({
        ok: true,
        detail: `delivered; reply not recorded: ${err instanceof Error ? err.message : 'database error'}`,
      }));
    },
  };
}

async function recordReply(
  db: Db,
  keys: KeyRing,
  p: RReqPayload,
  version: string,
  status: number,
  text: string,
  now: () => Date,
  jobId: string,
): Promise<JobOutcome> {
  const checked =
    status === 200
      ? validateMessageText(text, {
          messageType: 'RRes',
          messageVersion: isMessageVersion(version) ? version : '2.2.0',
          context: { messageCategory: String(p.message.messageCategory ?? '01') },
        })
      : undefined;
  if (checked?.ok) {
    // The common case in one statement (issue 19): both moves, the RRes logged, the job done.
    const rres = messageLogRow(keys, reply(p, checked.message, now()));
    await untilRecorded(() => acknowledgeRRes(db, p.acsTransID, OUTCOME_STATES, rres, jobId, now()));
    return { ok: true, detail: 'RRes', recorded: true };
  }
  await untilRecorded(() => markSent(db, p.acsTransID, now()));
  if (!checked) return { ok: false, retryable: false, error: `http ${status}` };
  const body = checked.message ?? { unparsable: text.slice(0, 200) };
  await untilRecorded(() => logMessages(db, keys, [reply(p, body, now())]));
  if (checked.message?.messageType === 'Erro') {
    return { ok: false, retryable: false, error: `DS Erro ${String(checked.message.errorCode ?? '')}`.trim() };
  }
  return { ok: false, retryable: false, error: `invalid RRes: ${checked.errorCode} ${checked.errorDetail}` };
}

/** The RReq reached the DS: the outcome → result_sent (the event records which outcome it left). */
async function markSent(db: Db, acsTransID: string, at: Date): Promise<void> {
  await move(db, acsTransID, { from: OUTCOME_STATES, to: 'result_sent', at, detail: null });
}

/** The DS's answer as the message log keeps it, beside the ids the RReq carried (no read of the transaction). */
function reply(p: RReqPayload, body: Record<string, unknown>, at: Date): LoggedMessage {
  const messageType = typeof body.messageType === 'string' ? body.messageType : 'unknown';
  const id = (name: string) => (typeof p.message[name] === 'string' ? (p.message[name] as string) : null);
  return {
    acsTransID: p.acsTransID,
    threeDSServerTransID: id('threeDSServerTransID'),
    dsTransID: id('dsTransID'),
    direction: 'in',
    messageType,
    body,
    at,
  };
}
