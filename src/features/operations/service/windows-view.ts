import { inForce, type ServiceWindow, type SuspensionScope, suspensionAt } from '../../../core/suspension.ts';
import type { Executor } from '../../../storage/database.ts';
import { cardRangeBounds } from '../../../storage/repositories/operations-reads.ts';
import { closedWindows, openWindows, openWindowsStartedBy } from '../../../storage/repositories/service-windows.ts';
import type { ServiceWindowRow } from '../../../storage/tables/operations.ts';
import { rangeKey } from '../../issuer-api/card-ranges.ts';

/** Reading service windows (terms art. 11) for the console and the portal; the AReq path uses status.ts. */

export type WindowState = 'scheduled' | 'announced' | 'in_force' | 'ended' | 'cancelled';

export interface WindowView {
  row: ServiceWindowRow;
  state: WindowState;
}

function asWindow(r: ServiceWindowRow): ServiceWindow {
  return {
    id: r.id,
    kind: r.kind,
    scope: r.scope as SuspensionScope,
    startsAt: new Date(r.starts_at),
    endsAt: r.ends_at ? new Date(r.ends_at) : undefined,
    cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : undefined,
  };
}

function windowState(r: ServiceWindowRow, at: Date): WindowState {
  if (r.cancelled_at) return 'cancelled';
  const w = asWindow(r);
  if (inForce(w, at)) return 'in_force';
  if (w.startsAt <= at) return 'ended';
  return r.notice_from && new Date(r.notice_from) <= at ? 'announced' : 'scheduled';
}

/** The console's list: in force, upcoming (soonest first) and the latest past ones. */
export async function listWindows(
  db: Executor,
  at: Date,
): Promise<{ inForce: WindowView[]; upcoming: WindowView[]; past: WindowView[] }> {
  const open = await openWindows(db);
  const recent = await closedWindows(db, 30);
  const views = [...open, ...recent].map((row) => ({ row, state: windowState(row, at) }));
  const seen = new Set<string>();
  const unique = views.filter((v) => !seen.has(v.row.id) && seen.add(v.row.id));
  return {
    inForce: unique.filter((v) => v.state === 'in_force'),
    upcoming: unique.filter((v) => v.state === 'scheduled' || v.state === 'announced'),
    past: unique.filter((v) => v.state === 'ended' || v.state === 'cancelled'),
  };
}

/** Windows in force at `at`, read from the table (every node sees a change at once). */
async function windowsInForce(db: Executor, at: Date): Promise<ServiceWindowRow[]> {
  const rows = await openWindowsStartedBy(db, at);
  return rows.filter((r) => inForce(asWindow(r), at));
}

export interface PausedFunctions {
  /** Whole service (authentication, SMS, registration). */
  all: boolean;
  sms: boolean;
  registration: boolean;
  /** Card ranges whose authentication is paused. */
  rangeIds: string[];
  /** The windows behind it, for their texts and planned ends (undefined: until further notice). */
  windows: ServiceWindowRow[];
}

/** What members cannot use right now (terms art. 11): the portal shows it and refuses what is paused. */
export async function pausedFunctionsAt(db: Executor, at: Date): Promise<PausedFunctions> {
  const windows = await windowsInForce(db, at);
  const s = suspensionAt(windows.map(asWindow), at, undefined);
  const all = windows.some((w) => w.scope === 'all');
  return {
    all,
    sms: s.sms,
    registration: s.registration,
    rangeIds: windows.filter((w) => w.scope.startsWith('range:')).map((w) => w.scope.slice(6)),
    windows,
  };
}

/** terms art. 11: a phone can be registered or changed only while SMS codes can be sent and registration is open. */
export function registrationPaused(p: PausedFunctions): boolean {
  return p.all || p.sms || p.registration;
}

/** Which of these PANs fall in the paused ranges (the portal names the member's own cards, masked). */
export async function pansInRanges(
  db: Executor,
  rangeIds: readonly string[],
  pans: readonly string[],
): Promise<boolean[]> {
  if (rangeIds.length === 0) return pans.map(() => false);
  const ranges = await cardRangeBounds(db, rangeIds);
  return pans.map((pan) => {
    const key = rangeKey(pan);
    return ranges.some((r) => r.pan_low <= key && key <= r.pan_high);
  });
}
