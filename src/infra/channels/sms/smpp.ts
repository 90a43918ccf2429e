import { setTimeout as sleep } from 'node:timers/promises';
import type { Pdu, PduFields } from 'smpp';
import smpp from 'smpp';
import type { SmsDeliveryReport, SmsMessage, SmsSender, SmsSendResult } from '../../../core/ports.ts';
import { encodeSmsText, smsLayout } from './gsm.ts';
import {
  hex,
  type Link,
  lost,
  request,
  SmppConnectionLost,
  SmppFailure,
  untilConnected,
  withTimeout,
} from './smpp-link.ts';
import { isDeliveryReceipt, parseDeliveryReceipt, receiptText } from './smpp-receipt.ts';

export interface SmppSenderOptions {
  /** `smpp://system_id:password@host:port` */
  url: string;
  /** Alphanumeric sender id (TON 5), `+81…` (international) or a short code. */
  sourceAddr: string;
  /** Called for every delivery receipt; what it throws or rejects with is dropped. */
  onDeliveryReport?: (report: SmsDeliveryReport) => void | Promise<void>;
  /** Bound on one send, including connecting and binding when needed. */
  sendTimeoutMs?: number;
  enquireLinkMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

// SMPP 3.4 §5.1.3 command_status values the adapter treats specially.
const ESME_ROK = 0x00;
const ESME_RMSGQFUL = 0x14;
const ESME_RTHROTTLED = 0x58;
const BIND_CREDENTIALS_REJECTED = new Set([0x0d, 0x0e, 0x0f]);
const E164 = /^\+[1-9]\d{1,14}$/;

function sourceAddress(addr: string): PduFields {
  if (/^\+\d+$/.test(addr)) return { source_addr_ton: 1, source_addr_npi: 1, source_addr: addr.slice(1) };
  if (/^\d+$/.test(addr)) return { source_addr_ton: 0, source_addr_npi: 1, source_addr: addr };
  return { source_addr_ton: 5, source_addr_npi: 0, source_addr: addr };
}

/**
 * One bind_transceiver session (so receipts come back on it), opened on the first send and
 * re-opened with exponential backoff whenever it drops. Texts that fit one segment go in
 * short_message; longer ones in the message_payload TLV so the SMSC does the segmentation
 * and one message_id (and one receipt) covers the whole text. Mobile-originated deliver_sm are
 * acknowledged and dropped: ninsho takes no replies by SMS.
 */
class SmppSender implements SmsSender {
  readonly name = 'smpp' as const;
  private current: Link | null = null;
  private connecting: Promise<Link> | null = null;
  private failures = 0;
  private closing = false;
  private readonly stop = new AbortController();
  private readonly server: { host: string; port: number; systemId: string; password: string };
  private readonly sendTimeoutMs: number;

  constructor(private readonly options: SmppSenderOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'smpp:') throw new Error('SMPP url must start with smpp://');
    this.server = {
      host: url.hostname,
      port: Number(url.port || 2775),
      systemId: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
  }

  async send(message: SmsMessage): Promise<SmsSendResult> {
    if (this.closing) return { ok: false, retryable: true, error: 'smpp sender closed' };
    if (!E164.test(message.to)) return { ok: false, retryable: false, error: 'smpp destination is not E.164' };
    try {
      const response = await withTimeout(this.submitOnLiveLink(message), this.sendTimeoutMs);
      const status = response.command_status;
      if (status === ESME_ROK && response.message_id) return { ok: true, providerMessageId: response.message_id };
      if (status === ESME_ROK) return { ok: false, retryable: false, error: 'smpp submit_sm_resp without message_id' };
      const retryable = status === ESME_RTHROTTLED || status === ESME_RMSGQFUL;
      return { ok: false, retryable, error: `smpp submit_sm status ${hex(status)}` };
    } catch (error) {
      if (error instanceof SmppFailure) return { ok: false, retryable: error.retryable, error: error.message };
      return { ok: false, retryable: true, error: `smpp ${error instanceof Error ? error.name : 'error'}` };
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.stop.abort();
    const link = this.current ?? (await this.connecting?.catch(() => null)) ?? null;
    if (!link || link.closed) return;
    await withTimeout(
      request(link, (callback) => link.session.unbind({}, callback)),
      2_000,
    ).catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (link.closed) return resolve();
      const force = setTimeout(() => link.session.destroy(), 2_000);
      link.session.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      link.session.close();
    });
  }

  private async submitOnLiveLink(message: SmsMessage): Promise<Pdu> {
    try {
      return await this.submit(message);
    } catch (error) {
      // the link died under this submit; the outbox would resend anyway, so do it now on a fresh bind
      if (error instanceof SmppConnectionLost && !this.closing) return this.submit(message);
      throw error;
    }
  }

  private async submit(message: SmsMessage): Promise<Pdu> {
    const link = await this.link();
    const { dataCoding, bytes } = encodeSmsText(message.body);
    const text = smsLayout(message.body).segments === 1 ? { short_message: bytes } : { message_payload: bytes };
    return request(link, (callback) =>
      link.session.submit_sm(
        {
          ...sourceAddress(this.options.sourceAddr),
          dest_addr_ton: 1,
          dest_addr_npi: 1,
          destination_addr: message.to.slice(1),
          registered_delivery: 1,
          data_coding: dataCoding,
          ...text,
        },
        callback,
      ),
    );
  }

  private link(): Promise<Link> {
    if (this.current) return Promise.resolve(this.current);
    this.connecting ??= this.establish().then(
      (link) => {
        this.connecting = null;
        if (link.closed) throw lost();
        this.failures = 0;
        this.current = link;
        return link;
      },
      (error: unknown) => {
        this.connecting = null;
        this.failures += 1;
        throw error;
      },
    );
    return this.connecting;
  }

  private async establish(): Promise<Link> {
    const { reconnectMinMs = 250, reconnectMaxMs = 30_000 } = this.options;
    if (this.failures > 0) {
      const delay = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** (this.failures - 1));
      await sleep(delay * (0.5 + Math.random() / 2), undefined, { signal: this.stop.signal, ref: false }).catch(() => {
        throw new SmppFailure('smpp sender closed', true);
      });
    }
    const session = smpp.connect({ host: this.server.host, port: this.server.port });
    const link: Link = { session, pending: new Set(), closed: false, awaitingEnquireLink: false };
    session.on('error', (error) => {
      const code = 'code' in error ? error.code : undefined;
      link.lastErrorCode = typeof code === 'string' ? code : error.name;
      // the package stops reading after a PDU decode error, so the socket is unusable
      session.destroy();
    });
    session.on('close', () => this.dropped(link));
    session.on('deliver_sm', (pdu) => this.deliverSm(link, pdu));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unknown', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    try {
      await withTimeout(untilConnected(link), this.sendTimeoutMs);
      const { systemId: system_id, password } = this.server;
      const bound = await withTimeout(
        request(link, (callback) => session.bind_transceiver({ system_id, password }, callback)),
        this.sendTimeoutMs,
      );
      if (bound.command_status !== ESME_ROK) {
        const retryable = !BIND_CREDENTIALS_REJECTED.has(bound.command_status);
        throw new SmppFailure(`smpp bind rejected ${hex(bound.command_status)}`, retryable);
      }
      if (this.closing) throw new SmppFailure('smpp sender closed', true);
    } catch (error) {
      session.destroy();
      throw error;
    }
    link.keepalive = setInterval(() => this.keepalive(link), this.options.enquireLinkMs ?? 30_000).unref();
    return link;
  }

  private dropped(link: Link): void {
    link.closed = true;
    clearInterval(link.keepalive);
    for (const reject of link.pending) reject(lost());
    link.pending.clear();
    if (this.current !== link) return;
    this.current = null;
    if (!this.closing) this.reconnect();
  }

  private reconnect(): void {
    this.link().catch(() => {
      if (!this.closing) this.reconnect();
    });
  }

  private keepalive(link: Link): void {
    // SMPP 3.4 §4.11: an unanswered enquire_link means the peer is gone even if TCP has not noticed
    if (link.awaitingEnquireLink) {
      link.session.destroy();
      return;
    }
    link.awaitingEnquireLink = true;
    request(link, (callback) => link.session.enquire_link({}, callback)).then(
      () => {
        link.awaitingEnquireLink = false;
      },
      () => undefined,
    );
  }

  private deliverSm(link: Link, pdu: Pdu): void {
    link.session.send(pdu.response());
    if (!isDeliveryReceipt(pdu.esm_class ?? 0)) return;
    const report = parseDeliveryReceipt({
      text: receiptText(pdu.short_message) || receiptText(pdu.message_payload),
      receiptedMessageId: pdu.receipted_message_id,
      messageState: pdu.message_state,
    });
    const listener = this.options.onDeliveryReport;
    if (!report || !listener) return;
    Promise.resolve()
      .then(() => listener(report))
      .catch(() => undefined);
  }
}

export function createSmppSender(options: SmppSenderOptions): SmsSender {
  return new SmppSender(options);
}
