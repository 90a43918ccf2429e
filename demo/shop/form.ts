import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DEMO_CARDS, type DemoCard } from '../seed/seed.ts';
import type { ServerTransaction } from '../simulator/three-ds-server/transactions.ts';
import { productById } from './catalogue.ts';
import type { OrderSummary } from './flow-pages.tsx';
import type { Lang } from './lang.ts';

/** Demo forms are a handful of short fields; a CRes form is a few KiB. */
export function formBodyLimit() {
  return bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Payload Too Large', 413) });
}

/** The posted form's text fields (files are ignored). */
export async function formFields(c: Context): Promise<Record<string, string | undefined>> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    return {};
  }
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

/** A demo card by its picker value (the e-net ID; the test PAN itself is accepted too). */
export function demoCard(value: string | undefined): DemoCard | undefined {
  return DEMO_CARDS.find((card) => card.enetId === value || card.pan === value);
}

export function orderSummary(txn: ServerTransaction, lang: Lang): OrderSummary {
  return {
    productName: productById(txn.productId)?.name[lang] ?? txn.productId,
    amountYen: txn.amountYen,
    maskedPan: demoCard(txn.cardKey)?.maskedPan ?? '',
  };
}
