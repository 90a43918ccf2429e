import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import type { Db } from '../../src/storage/database.ts';
import { latestSmsRows } from '../../src/storage/repositories/phone-inbox-reads.ts';

export interface InboxMessage {
  id: string;
  /** Masked recipient, e.g. `090-****-5678`. */
  to: string;
  body: string;
  status: string;
  at: Date;
}

/** The newest outbox SMS (newest first), decrypted for display: this page exists only with SMS_PROVIDER=outbox. */
export async function latestMessages(
  deps: { db: Db; keys: KeyRing },
  options: { after?: Date; limit?: number } = {},
): Promise<InboxMessage[]> {
  const rows = await latestSmsRows(deps.db, { after: options.after, limit: options.limit ?? 50 });
  return rows.map((row) => ({
    id: row.id,
    to: row.to_masked,
    body: readable(deps.keys, row.body_enc),
    status: row.status,
    at: new Date(row.created_at),
  }));
}

function readable(keys: KeyRing, bodyEnc: string): string {
  try {
    return keys.decrypt(bodyEnc, 'sms');
  } catch {
    // A body from another master key (e.g. a wiped dev key) cannot be read; show that rather than fail the page.
    return '(…)';
  }
}

const JAPAN_TIME = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `2026/11/25 12:00:05` in Japan time. */
export function japanTime(at: Date): string {
  return JAPAN_TIME.format(at);
}
