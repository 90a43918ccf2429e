/** Request/response plumbing over one session of the `smpp` package. */
import type { Pdu, PduCallback, Session } from 'smpp';

/** A failure whose message is safe to store: no phone number, no text, no credentials. */
export class SmppFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface Link {
  session: Session;
  pending: Set<(error: Error) => void>;
  closed: boolean;
  awaitingEnquireLink: boolean;
  lastErrorCode?: string;
  keepalive?: NodeJS.Timeout;
}

export const hex = (status: number) => `0x${status.toString(16).padStart(8, '0')}`;
/** The link died with the request in flight: the SMSC may or may not have taken it. */
export class SmppConnectionLost extends SmppFailure {
  constructor() {
    super('smpp connection lost', true);
  }
}

export const lost = () => new SmppConnectionLost();

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SmppFailure('smpp timeout', true)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Sends a request PDU and resolves with its response, or rejects when the link drops first. */
export function request(link: Link, issue: (callback: PduCallback) => boolean): Promise<Pdu> {
  return new Promise((resolve, reject) => {
    if (link.closed) return reject(lost());
    link.pending.add(reject);
    const written = issue((pdu) => {
      link.pending.delete(reject);
      resolve(pdu);
    });
    if (!written) {
      link.pending.delete(reject);
      reject(lost());
    }
  });
}

export function untilConnected(link: Link): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new SmppFailure(`smpp connect failed ${link.lastErrorCode ?? ''}`.trim(), true));
    link.session.once('close', onClose);
    link.session.once('connect', () => {
      link.session.off('close', onClose);
      resolve();
    });
  });
}
