import nodemailer from 'nodemailer';
import type { EmailMessage, EmailSendResult, Mailer } from '../../../core/ports.ts';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…`; nodemailer URL options apply. */
  url: string;
  /** `"Name" <address>` or a bare address. */
  from: string;
  /** Bound on connecting, the greeting and each wait on the server. */
  timeoutMs?: number;
}

// Nodemailer codes for failures of the connection rather than of this message.
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY', 'EMAXLIMIT']);
const MESSAGE_ID_LOCAL = /^[A-Za-z0-9_.-]{1,64}$/;

function property(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null && name in error
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

/**
 * RFC 5321 §4.2.1: 4yz is transient, 5yz permanent. Errors carry only the codes: the server's
 * text and nodemailer's message can quote the recipient address.
 */
function classify(error: unknown): EmailSendResult {
  const code = property(error, 'code');
  const responseCode = property(error, 'responseCode');
  const codeText = typeof code === 'string' && /^E[A-Z0-9]{1,20}$/.test(code) ? code : 'EUNKNOWN';
  if (typeof responseCode === 'number') {
    const retryable = responseCode >= 400 && responseCode < 500;
    return { ok: false, retryable, error: `smtp ${responseCode} ${codeText}` };
  }
  const retryable = TRANSIENT_CODES.has(codeText) || codeText.startsWith('ECONN') || codeText === 'EUNKNOWN';
  return { ok: false, retryable, error: `smtp ${codeText}` };
}

function senderDomain(from: string): string {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'ninsho.invalid';
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // message content is ours, but never let it make the process read files or fetch URLs
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const domain = senderDomain(options.from);

  return {
    name: 'smtp',
    async send(message: EmailMessage): Promise<EmailSendResult> {
      // a Message-ID derived from our id lets receivers and logs tie retries of one message together
      const messageId = MESSAGE_ID_LOCAL.test(message.id) ? `<${message.id}@${domain}>` : undefined;
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          ...(messageId === undefined ? {} : { messageId }),
        });
        if (info.rejected.length > 0) return { ok: false, retryable: false, error: 'smtp recipient rejected' };
        return { ok: true, providerMessageId: info.messageId };
      } catch (error) {
        return classify(error);
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
