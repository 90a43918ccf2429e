import type { Clock } from '../../../src/core/ports.ts';
import { decodeBase64urlJson, encodeBase64urlJson, stringField } from '../encoding.ts';
import { flowEntry } from '../flow-log.ts';
import type { SimulatorState } from '../state.ts';
import { methodData } from './messages.ts';
import type { ServerTransaction, ServerTransactions } from './transactions.ts';

const RECHECK_MS = 60_000;

/**
 * Whether the ACS serves its 3DS Method URL. A real 3DS Server learns the URL from the DS's card-range data
 * (PRes); the simulator instead asks the ACS once a minute: a 404/405 means there is no method for the range,
 * and the AReq then says threeDSCompInd U (docs/emv-codes.md §15).
 */
export async function methodUrlAvailable(state: SimulatorState, url: string, now: number): Promise<boolean> {
  const known = state.methodUrls.get(url);
  if (known && now - known.checkedAt < RECHECK_MS) return known.available;
  let available = false;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
      signal: AbortSignal.timeout(3_000),
    });
    await res.body?.cancel();
    available = res.status !== 404 && res.status !== 405;
  } catch {
    available = false;
  }
  state.methodUrls.set(url, { available, checkedAt: now });
  return available;
}

/** The `threeDSMethodData` the browser posts into the hidden iframe; recorded for the inspector. */
export function methodFormData(clock: Clock, txn: ServerTransaction, notificationURL: string): string {
  const data = methodData(txn.threeDSServerTransID, notificationURL);
  if (!txn.entries.some((e) => e.label === '3DS Method')) {
    txn.entries.push(flowEntry(clock.now(), '3ds-server', 'browser→acs', data, { label: '3DS Method' }));
  }
  return encodeBase64urlJson(data);
}

/** Records that the 3DS Method had no URL to run, so the inspector shows why threeDSCompInd is U. */
export function recordMethodSkipped(clock: Clock, txn: ServerTransaction, url: string): void {
  txn.entries.push(
    flowEntry(
      clock.now(),
      '3ds-server',
      'browser→acs',
      { threeDSMethodURL: url },
      { label: '3DS Method', note: 'skipped: the ACS does not serve a 3DS Method URL (threeDSCompInd U)' },
    ),
  );
}

/** The ACS's notification that the 3DS Method finished: `threeDSMethodData` = base64url({threeDSServerTransID}). */
export function receiveMethodNotification(
  clock: Clock,
  store: ServerTransactions,
  threeDSMethodData: string | undefined,
): ServerTransaction | undefined {
  const data = decodeBase64urlJson(threeDSMethodData);
  const txn = store.get(stringField(data, 'threeDSServerTransID'));
  if (!txn || !data) return undefined;
  if (!txn.methodNotifiedAt) {
    txn.methodNotifiedAt = clock.now();
    txn.entries.push(
      flowEntry(txn.methodNotifiedAt, '3ds-server', 'acs→3ds-server', data, { label: '3DS Method notification' }),
    );
  }
  return txn;
}
