/**
 * One-time password rules (terms art. 4-1: issued per use, sent by SMS, single use, time-limited).
 * Pure: the clock and counts come in, decisions come out.
 */
const OTP_DIGITS = 6;
export const MAX_WRONG_SUBMITS = 5;
const RESEND_COOLDOWN_MS = 60_000;
const MAX_SENDS_PER_TRANSACTION = 3;
export const MAX_SENDS_PER_PHONE_PER_DAY = 10;
const MAX_SENDS_PER_IP_PER_HOUR = 20;
/** Never above 10 minutes, whatever the configuration says. */
const MAX_OTP_TTL_MS = 10 * 60_000;

export function otpTtlMs(configuredSeconds: number): number {
  return Math.min(MAX_OTP_TTL_MS, Math.max(60_000, configuredSeconds * 1000));
}

export type SendRefusal =
  | { reason: 'cooldown'; secondsLeft: number }
  | { reason: 'transaction_limit' }
  | { reason: 'phone_daily_limit' }
  | { reason: 'ip_limit' };

export interface SendCounts {
  sendsForTransaction: number;
  lastSentAt: Date | null;
  sendsToPhoneLast24h: number;
  sendsFromIpLastHour: number;
}

/** Whether another code may be sent now (the SMS-pumping guard). A resend never resets the failure count. */
export function mayResend(counts: SendCounts, now: Date): SendRefusal | undefined {
  if (counts.sendsForTransaction >= MAX_SENDS_PER_TRANSACTION) return { reason: 'transaction_limit' };
  if (counts.lastSentAt) {
    const elapsed = now.getTime() - counts.lastSentAt.getTime();
    if (elapsed < RESEND_COOLDOWN_MS)
      return { reason: 'cooldown', secondsLeft: Math.ceil((RESEND_COOLDOWN_MS - elapsed) / 1000) };
  }
  if (counts.sendsToPhoneLast24h >= MAX_SENDS_PER_PHONE_PER_DAY) return { reason: 'phone_daily_limit' };
  if (counts.sendsFromIpLastHour >= MAX_SENDS_PER_IP_PER_HOUR) return { reason: 'ip_limit' };
  return undefined;
}

/** A code as a zero-padded decimal string from a uniform integer (the caller's CSPRNG). */
export function formatCode(n: number): string {
  return String(n).padStart(OTP_DIGITS, '0');
}

/** Only six ASCII digits can be a code; anything else is a wrong submit without touching the store. */
export function normaliseSubmittedCode(input: string): string | undefined {
  const half = input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s-]/g, '');
  return /^\d{6}$/.test(half) ? half : undefined;
}
