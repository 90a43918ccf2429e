/**
 * Just enough MIME reading for the SMTP peer to check what nodemailer sent: RFC 2047 encoded
 * words in headers, quoted-printable/base64 bodies, multipart/alternative. UTF-8 only.
 */

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  from: string;
  to: string;
  messageId: string;
  text: string;
  html?: string;
}

interface Entity {
  headers: Map<string, string>;
  body: string;
}

function splitEntity(raw: string): Entity {
  const end = raw.indexOf('\r\n\r\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? '' : raw.slice(end + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function quotedPrintableBytes(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const input = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i] ?? '';
    const hex = input.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (char === '_' && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047: adjacent encoded words are one run of bytes (a character may straddle two words). */
export function decodeHeader(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  const flush = () => {
    out += Buffer.concat(pending).toString('utf8');
    pending = [];
  };
  for (const match of value.matchAll(word)) {
    const between = value.slice(last, match.index);
    if (pending.length === 0 || between.trim() !== '') {
      flush();
      out += between;
    }
    const [, , encoding = 'B', payload = ''] = match;
    pending.push(encoding.toUpperCase() === 'B' ? Buffer.from(payload, 'base64') : quotedPrintableBytes(payload, true));
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

function decodeBody(entity: Entity): string {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(entity.body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintableBytes(entity.body, false)
        : Buffer.from(entity.body, 'utf8');
  return bytes.toString('utf8').replace(/\r\n/g, '\n');
}

function leaves(entity: Entity): Entity[] {
  const type = entity.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith('multipart/') || !boundary) return [entity];
  const parts = entity.body.split(`--${boundary}`).slice(1);
  return parts
    .filter((part) => !part.startsWith('--'))
    .flatMap((part) => leaves(splitEntity(part.replace(/^\r\n/, '').replace(/\r\n$/, ''))));
}

export function parseMail(raw: string): ParsedMail {
  // the CRLF that ends the DATA stream is framing, not part of a 7bit body
  const root = splitEntity(raw.replace(/\r\n$/, ''));
  const parts = leaves(root);
  const byType = (type: string) =>
    parts.find((part) => (part.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith(type));
  const text = byType('text/plain');
  const html = byType('text/html');
  const header = (name: string) => decodeHeader(root.headers.get(name) ?? '');
  return {
    headers: root.headers,
    subject: header('subject'),
    from: header('from'),
    to: header('to'),
    messageId: header('message-id'),
    text: text ? decodeBody(text) : '',
    ...(html ? { html: decodeBody(html) } : {}),
  };
}
