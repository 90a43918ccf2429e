/** Display and log masking for PANs, phone numbers and codes. */

/** `4111111111111111` → `411111******1111` (first six, last four, as PCI DSS allows). */
export function maskPan(pan: string): string {
  const digits = pan.replace(/\D/g, '');
  if (digits.length < 12) return '*'.repeat(digits.length);
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

/**
 * A phone number as a Japanese reader writes it, middle masked (issue #18 item 1): `+819012345678` →
 * `090-****-5678`, `+81312345678` → `03-****-5678`; other countries keep the country code and last four.
 */
export function maskPhone(e164: string): string {
  const jp = /^\+81(\d{9,10})$/.exec(e164);
  if (jp) {
    const national = `0${jp[1]}`;
    return `${national.slice(0, national.length === 11 ? 3 : 2)}-****-${national.slice(-4)}`;
  }
  const digits = e164.replace(/\D/g, '');
  return `+${digits.slice(0, 2)} ****${digits.slice(-4)}`;
}

const PAN_RUN = /(?<!\d)(\d[ -]?){12,18}\d(?!\d)/g;
const PHONE_RUN = /(\+?81[ -]?|0)[789]0[ -]?\d{4}[ -]?\d{4}(?!\d)/g;
const CODE_RUN = /(?<![\d.:-])\d{6}(?![\d.:-])/g;

/**
 * Replaces anything that looks like a PAN, a Japanese mobile number or a 6-digit code.
 * Used on every log string; over-masking an innocent number is the price of never leaking one.
 */
export function scrubText(text: string): string {
  if (!/\d{6}/.test(text.replace(/[ -]/g, ''))) return text;
  let out = '';
  let from = 0;
  for (const m of text.matchAll(ID_TOKEN)) {
    out += scrubDigits(text.slice(from, m.index)) + keepId(m[0]);
    from = m.index + m[0].length;
  }
  return out + scrubDigits(text.slice(from));
}

/**
 * Our prefixed ids (`txn_…`, `job_…`, see `src/infra/ids.ts`) and UUIDs (EMV transaction ids), which often hold six
 * digits in a row. An id is kept whole unless it holds something shaped like a PAN or a phone number.
 */
const ID_TOKEN =
  /(?<![\w-])(?:[a-z]{2,12}_[0-9a-hjkmnp-tv-z]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/gi;

function keepId(id: string): string {
  return scrubPanAndPhone(id) === id ? id : scrubDigits(id);
}

function scrubPanAndPhone(text: string): string {
  return text
    .replace(PAN_RUN, (run) => (luhnValid(run.replace(/\D/g, '')) ? '[pan]' : run))
    .replace(PHONE_RUN, '[phone]');
}

function scrubDigits(text: string): string {
  return scrubPanAndPhone(text).replace(CODE_RUN, '[digits]');
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}
