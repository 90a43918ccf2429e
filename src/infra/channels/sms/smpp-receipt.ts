import type { PduFields } from 'smpp';
import type { SmsDeliveryReport } from '../../../core/ports.ts';

/** SMPP 3.4 §5.2.12: bits 2–5 of esm_class give the message type; 0b0001 is an MC delivery receipt. */
export function isDeliveryReceipt(esmClass: number): boolean {
  return (esmClass & 0x3c) === 0x04;
}

// SMPP 3.4 Appendix B receipt states (text form) and §5.3.2.35 message_state TLV values.
const STAT_TEXT: Readonly<Record<string, SmsDeliveryReport['status']>> = {
  DELIVRD: 'delivered',
  ENROUTE: 'sent',
  ACCEPTD: 'sent',
  EXPIRED: 'failed',
  DELETED: 'failed',
  UNDELIV: 'failed',
  REJECTD: 'failed',
  UNKNOWN: 'failed',
};
const MESSAGE_STATE: Readonly<Record<number, { stat: string; status: SmsDeliveryReport['status'] }>> = {
  1: { stat: 'ENROUTE', status: 'sent' },
  2: { stat: 'DELIVRD', status: 'delivered' },
  3: { stat: 'EXPIRED', status: 'failed' },
  4: { stat: 'DELETED', status: 'failed' },
  5: { stat: 'UNDELIV', status: 'failed' },
  6: { stat: 'ACCEPTD', status: 'sent' },
  7: { stat: 'UNKNOWN', status: 'failed' },
  8: { stat: 'REJECTD', status: 'failed' },
};

export interface ReceiptFields {
  /** `id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…` */
  text: string;
  receiptedMessageId?: string | undefined;
  messageState?: number | undefined;
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}:(\\S+)`, 'i').exec(text)?.[1];
}

/**
 * A delivery receipt as an `SmsDeliveryReport`, or null when it carries no usable id or state.
 * The TLVs win over the text (SMSCs differ on hex vs decimal ids in the text). The receipt's
 * `text:` field echoes the start of the message — the one-time code — so it is never kept.
 */
export function parseDeliveryReceipt(receipt: ReceiptFields): SmsDeliveryReport | null {
  const head = receipt.text.split(/\stext:/i)[0] ?? '';
  const providerMessageId = receipt.receiptedMessageId || field(head, 'id');
  if (!providerMessageId) return null;
  const fromTlv = receipt.messageState === undefined ? undefined : MESSAGE_STATE[receipt.messageState];
  const stat = fromTlv?.stat ?? field(head, 'stat')?.toUpperCase();
  const status = fromTlv?.status ?? (stat ? STAT_TEXT[stat] : undefined);
  if (!status || !stat) return null;
  const err = field(head, 'err');
  if (!err || !/^\w{1,16}$/.test(err)) return { providerMessageId, status, detail: `stat:${stat}` };
  return { providerMessageId, status, detail: `stat:${stat} err:${err}` };
}

/** A receipt body as text, whatever the `smpp` package decoded it into. */
export function receiptText(value: PduFields['short_message']): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  const message = Buffer.isBuffer(value) ? value : value.message;
  return typeof message === 'string' ? message : message.toString('latin1');
}
