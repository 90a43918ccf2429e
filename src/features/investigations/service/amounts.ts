import { ServiceError } from '../../../core/errors.ts';
import { formatAmount } from '../../../core/format.ts';
import type { Lang } from '../../../core/i18n.ts';

/** Currencies an investigator may name for a purchase we never saw: ISO 4217 alphabetic → numeric and minor units. */
export const DESCRIBED_CURRENCIES: Readonly<Record<string, { numeric: string; minor: number }>> = {
  JPY: { numeric: '392', minor: 0 },
  USD: { numeric: '840', minor: 2 },
  EUR: { numeric: '978', minor: 2 },
  GBP: { numeric: '826', minor: 2 },
  CNY: { numeric: '156', minor: 2 },
  KRW: { numeric: '410', minor: 0 },
  TWD: { numeric: '901', minor: 2 },
  HKD: { numeric: '344', minor: 2 },
  AUD: { numeric: '036', minor: 2 },
  CAD: { numeric: '124', minor: 2 },
  SGD: { numeric: '702', minor: 2 },
};

const JPY = '392';

/** `12.34` USD → EMV-style `{ amount: '1234', currency: '840', exponent: '2' }`. */
export function describedAmount(
  amount: string,
  currency: string,
): { amount: string; currency: string; exponent: string } {
  const known = DESCRIBED_CURRENCIES[currency];
  if (!known) throw new ServiceError('invalid', 'unknown currency', 'currency');
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(amount.trim().replace(/,/g, ''));
  const fraction = m?.[2] ?? '';
  if (!m || fraction.length > known.minor) throw new ServiceError('invalid', 'amount must be a plain number', 'amount');
  const digits = `${m[1]}${fraction.padEnd(known.minor, '0')}`.replace(/^0+(?=\d)/, '');
  if (/^0+$/.test(digits)) throw new ServiceError('invalid', 'amount must be more than zero', 'amount');
  return { amount: digits, currency: known.numeric, exponent: String(known.minor) };
}

export interface Money {
  amount: string | null;
  currency: string | null;
  exponent: string | null;
}

export interface DisputedTotal {
  /** Whole yen when every purchase is in yen with a known amount; undefined otherwise. */
  yen: bigint | undefined;
  /** `JPY 12,300`, `JPY 5,000 + USD 10.00`, or with `amount unknown`: the form stored with a decision. */
  label: string;
  /** The sum per currency, for showing the total in the reader's language (`totalText`). */
  sums: readonly { amount: string; currency: string; exponent: string }[];
  /** Some purchase's amount or currency is not known. */
  unknown: boolean;
}

/**
 * The disputed total by currency, each purchase converted by its own exponent (EMV purchaseExponent). Only a
 * total entirely in yen can be compared with the approval threshold.
 */
export function disputedTotal(purchases: readonly Money[]): DisputedTotal {
  const sums = new Map<string, { minor: bigint; exponent: number }>();
  let unknown = false;
  for (const p of purchases) {
    if (!p.amount || !/^\d{1,48}$/.test(p.amount) || !p.currency) {
      unknown = true;
      continue;
    }
    const exponent = p.exponent && /^\d$/.test(p.exponent) ? Number(p.exponent) : 0;
    const current = sums.get(p.currency) ?? { minor: 0n, exponent };
    const scale = Math.max(current.exponent, exponent);
    const lift = (v: bigint, from: number) => v * 10n ** BigInt(scale - from);
    sums.set(p.currency, {
      minor: lift(current.minor, current.exponent) + lift(BigInt(p.amount), exponent),
      exponent: scale,
    });
  }
  const summed = [...sums.entries()].map(([currency, s]) => ({
    amount: String(s.minor),
    currency,
    exponent: String(s.exponent),
  }));
  const yenOnly = !unknown && sums.size > 0 && [...sums.keys()].every((c) => c === JPY);
  const yen = sums.get(JPY);
  return {
    yen: yenOnly && yen ? (yen.minor + 10n ** BigInt(yen.exponent) - 1n) / 10n ** BigInt(yen.exponent) : undefined,
    label: totalText({ sums: summed, unknown }, 'en'),
    sums: summed,
    unknown,
  };
}

/** The disputed total as a reader sees it: `¥12,300 + USD 10.00` in Japanese, `JPY 12,300 + USD 10.00` in English. */
export function totalText(total: Pick<DisputedTotal, 'sums' | 'unknown'>, lang: Lang): string {
  const parts = total.sums.map((s) => formatAmount(s.amount, s.currency, s.exponent, lang));
  if (total.unknown) parts.push(lang === 'ja' ? '金額不明' : 'amount unknown');
  if (parts.length === 0) return lang === 'ja' ? 'なし' : 'none';
  return parts.join(' + ');
}

/** Issue #8: decisions over the threshold, in another currency, or of unknown amount need a second investigator. */
export function needsApproval(total: DisputedTotal, thresholdJpy: number): boolean {
  return total.yen === undefined || total.yen > BigInt(thresholdJpy);
}

/** A total as stored with a decision (`totalText` in English) shown in the reader's language. */
export function storedTotalText(stored: string, lang: Lang): string {
  if (lang === 'en') return stored;
  return stored
    .replace(/JPY (\d[\d,]*)/g, '¥$1')
    .replace('amount unknown', '金額不明')
    .replace(/^none$/, 'なし');
}
