import { randomUUID } from 'node:crypto';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import type { Db } from '../../src/storage/database.ts';
import { browserAReq, postAReq } from './messages.ts';

/** Plays the merchant's browser over plain HTTP: AReq, the CReq form post, and the page's own posts. */
export class ChallengeClient {
  acsTransID = '';
  threeDSServerTransID = '';
  token = '';
  html = '';

  constructor(
    readonly baseUrl: string,
    readonly notificationURL = 'http://127.0.0.1:9/notify',
  ) {}

  async areq(pan: string, version: '2.2.0' | '2.3.1' = '2.2.0', overrides: Record<string, unknown> = {}) {
    const areq = browserAReq(pan, { notificationURL: this.notificationURL, ...overrides }, version);
    const { json } = await postAReq(this.baseUrl, areq);
    this.acsTransID = json.acsTransID ?? '';
    this.threeDSServerTransID = String(areq.threeDSServerTransID);
    return json;
  }

  creqValue(windowSize = '05', version = '2.2.0'): string {
    const creq = {
      threeDSServerTransID: this.threeDSServerTransID,
      acsTransID: this.acsTransID,
      messageType: 'CReq',
      messageVersion: version,
      challengeWindowSize: windowSize,
    };
    return Buffer.from(JSON.stringify(creq)).toString('base64url');
  }

  async creq(windowSize = '05', version = '2.2.0', sessionData = 'c2Vzc2lvbi0x') {
    return this.post({ creq: this.creqValue(windowSize, version), threeDSSessionData: sessionData });
  }

  async post(fields: Record<string, string>, path = '/3ds/challenge') {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    this.html = await res.text();
    const token = /name="token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="token"/.exec(this.html);
    if (token) this.token = (token[1] ?? token[2])!;
    return res;
  }

  submit(enetId: string, otp: string) {
    return this.post({ token: this.token, enetId, otp, action: 'submit' });
  }

  resend() {
    return this.post({ token: this.token, resend: '1' });
  }

  cancel() {
    return this.post({ token: this.token, cancel: '1' });
  }

  /** The `cres` field of the final page, decoded. */
  finalCRes(): Record<string, string> | undefined {
    const m = /name="cres"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="cres"/.exec(this.html);
    const v = m?.[1] ?? m?.[2];
    return v ? (JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as Record<string, string>) : undefined;
  }
}

/** Reads the newest code sent for a transaction from the SMS outbox (as the member's phone would). */
export async function latestCode(db: Db, keys: KeyRing, acsTransID: string): Promise<string> {
  const row = await db
    .selectFrom('sms_messages')
    .select('body_enc')
    .where('acs_trans_id', '=', acsTransID)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const body = keys.decrypt(row.body_enc, 'sms');
  const m = /認証コード(\d{6})/.exec(body);
  if (!m) throw new Error('no code in the SMS');
  return m[1]!;
}

export function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

export const newUuid = randomUUID;
