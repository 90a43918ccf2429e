/** A loopback SMTP server (smtp-server) with AUTH that keeps what it receives, for mailer tests. */
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { type ParsedMail, parseMail } from './mime.ts';

export interface ReceivedMail extends ParsedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
}

export interface SmtpPeer {
  readonly port: number;
  /** `smtp://user:pass@127.0.0.1:port`, with other credentials when given. */
  url(user?: string, pass?: string): string;
  received(): ReceivedMail[];
  /** Reject the next `count` messages with this SMTP reply code, at RCPT TO or after DATA. */
  failNext(count: number, responseCode: number, stage?: 'rcpt' | 'data'): void;
  close(): Promise<void>;
}

function smtpError(responseCode: number): Error {
  return Object.assign(new Error(responseCode >= 500 ? 'Rejected by test peer' : 'Try again later'), { responseCode });
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSmtpPeer(credentials = { user: 'ninsho', pass: 'mail-secret' }): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  const failures: Array<{ responseCode: number; stage: 'rcpt' | 'data' }> = [];

  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    // no certificate on loopback: do not offer STARTTLS, or nodemailer would try it
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) {
        return callback(null, { user: auth.username });
      }
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const failure = failures[0];
      if (failure?.stage === 'rcpt') {
        failures.shift();
        return callback(smtpError(failure.responseCode));
      }
      return callback();
    },
    onData(stream, session, callback) {
      readAll(stream).then(
        (raw) => {
          const failure = failures[0];
          if (failure?.stage === 'data') {
            failures.shift();
            return callback(smtpError(failure.responseCode));
          }
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const envelopeTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          messages.push({ ...parseMail(raw), envelopeFrom, envelopeTo, raw });
          return callback(null);
        },
        (error: Error) => callback(error),
      );
    },
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    url: (user = credentials.user, pass = credentials.pass) =>
      `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    received: () => messages.map((message) => ({ ...message })),
    failNext(count, responseCode, stage = 'rcpt') {
      for (let i = 0; i < count; i += 1) failures.push({ responseCode, stage });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
