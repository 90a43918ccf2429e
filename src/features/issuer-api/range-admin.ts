import type { Actor, ServiceDeps } from '../../app/deps.ts';
import { ServiceError } from '../../core/errors.ts';
import { type Executor, withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import {
  activeCardsNearRange,
  cardRangeRow,
  cardRangeRows,
  claimRangeChange,
  deleteCardRangeRow,
  insertCardRange,
  overlappingRange,
  updateCardRange,
} from '../../storage/repositories/card-ranges.ts';
import { rangeKey } from './card-ranges.ts';
import { DEFAULT_ISSUER_ID } from './issuer-data.ts';

/**
 * Card ranges (BIN ranges) this ACS serves, as the issuer API, the console and the CLI change them. Bounds are
 * PANs of 13–19 digits, both of one length; stored as sent and as 19-digit keys (start padded with 0, end with
 * 9) which is how the AReq path matches a PAN (src/features/issuer-api/card-ranges.ts). Two ranges may not
 * share a key, whatever their lengths: `4111110000000000`–`4111119999999999` covers every key from
 * `4111110000000000000` to `4111119999999999999`, so a 19-digit range starting `411111` overlaps it.
 */

type Deps = Pick<ServiceDeps, 'db' | 'clock'>;

/** docs/interfaces.md: `rangeId` is 1–64 of `A-Z a-z 0-9 _ -`, like `cardRef`. */
const RANGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BOUND = /^\d{13,19}$/;

export interface RangeInput {
  startRange: string;
  endRange: string;
}

export interface RangeView {
  rangeId: string;
  startRange: string;
  endRange: string;
  createdAt: string;
  updatedAt: string;
}

/** Why bounds make no range: not 13–19 digits, two lengths, or the start above the end. */
export type RangeProblemReason = 'digits' | 'length' | 'order';

export interface RangeProblem {
  field: keyof RangeInput;
  reason: RangeProblemReason;
  message: string;
}

/** What is wrong with a pair of bounds, naming the field at fault; undefined when they make a range. */
export function rangeProblem(input: RangeInput): RangeProblem | undefined {
  if (!BOUND.test(input.startRange))
    return { field: 'startRange', reason: 'digits', message: 'must be 13 to 19 digits' };
  if (!BOUND.test(input.endRange)) return { field: 'endRange', reason: 'digits', message: 'must be 13 to 19 digits' };
  if (input.startRange.length !== input.endRange.length)
    return { field: 'endRange', reason: 'length', message: 'must have as many digits as startRange' };
  if (input.startRange > input.endRange)
    return { field: 'endRange', reason: 'order', message: 'must not be below startRange' };
  return undefined;
}

export function checkRangeId(rangeId: string): string {
  if (!RANGE_ID.test(rangeId))
    throw new ServiceError('invalid', 'rangeId: must be 1 to 64 of A-Z a-z 0-9 _ -', 'rangeId', 'id');
  return rangeId;
}

function checkInput(input: RangeInput): void {
  const problem = rangeProblem(input);
  if (problem) throw new ServiceError('invalid', `${problem.field}: ${problem.message}`, problem.field, problem.reason);
}

/**
 * PUT semantics: creates or updates; an identical PUT changes nothing (no audit row, no generation bump).
 * Range writes queue on the generation row, so the overlap check sees every committed range.
 */
export async function putCardRange(
  deps: Deps,
  rangeId: string,
  input: RangeInput,
  actor: Actor,
  requestId?: string,
): Promise<{ created: boolean; changed: boolean }> {
  checkRangeId(rangeId);
  checkInput(input);
  const at = deps.clock.now();
  const bounds = { ...input, panLow: rangeKey(input.startRange, '0'), panHigh: rangeKey(input.endRange, '9') };
  return withTransaction(deps.db, async (trx) => {
    const existing = await cardRangeRow(trx, rangeId);
    if (existing && existing.start_range === input.startRange && existing.end_range === input.endRange) {
      return { created: false, changed: false };
    }
    await claimRangeChange(trx);
    const current = await cardRangeRow(trx, rangeId); // re-read under the lock: a concurrent PUT may have won
    if (current && current.start_range === input.startRange && current.end_range === input.endRange) {
      return { created: false, changed: false }; // an identical PUT that raced this one: nothing to record
    }
    const other = await overlappingRange(trx, bounds.panLow, bounds.panHigh, rangeId);
    if (other !== undefined) {
      throw new ServiceError('range_overlap', `the range overlaps card range ${other}`, 'startRange', other);
    }
    if (current) await updateCardRange(trx, rangeId, { ...bounds, at });
    else await insertCardRange(trx, { ...bounds, id: rangeId, issuerId: DEFAULT_ISSUER_ID, at });
    await appendAudit(trx, {
      actor,
      action: current ? 'card_range.update' : 'card_range.create',
      subjectType: 'card_range',
      subjectId: rangeId,
      before: current ? { startRange: current.start_range, endRange: current.end_range } : undefined,
      after: input,
      requestId: requestId ?? null,
      at,
    });
    return { created: !current, changed: true };
  });
}

/** Deletes a range (from then on its PANs get Erro 305) in the caller's transaction, or on its own. */
export async function deleteCardRange(
  deps: Deps,
  rangeId: string,
  actor: Actor,
  options: { requestId?: string; reason?: string; trx?: Executor } = {},
): Promise<void> {
  checkRangeId(rangeId);
  const at = deps.clock.now();
  await withTransaction(options.trx ?? deps.db, async (trx) => {
    await claimRangeChange(trx);
    const existing = await cardRangeRow(trx, rangeId);
    if (!existing || !(await deleteCardRangeRow(trx, rangeId))) {
      throw new ServiceError('not_found', 'card range not found', 'rangeId');
    }
    await appendAudit(trx, {
      actor,
      action: 'card_range.delete',
      subjectType: 'card_range',
      subjectId: rangeId,
      reason: options.reason ?? null,
      before: { startRange: existing.start_range, endRange: existing.end_range },
      requestId: options.requestId ?? null,
      at,
    });
  });
}

export async function listRangeViews(db: Executor): Promise<RangeView[]> {
  return (await cardRangeRows(db)).map(toView);
}

export async function getRangeView(db: Executor, rangeId: string): Promise<RangeView> {
  const row = await cardRangeRow(db, checkRangeId(rangeId));
  if (!row) throw new ServiceError('not_found', 'card range not found', 'rangeId');
  return toView(row);
}

function toView(r: { id: string; start_range: string; end_range: string; created_at: Date; updated_at: Date }) {
  return {
    rangeId: r.id,
    startRange: r.start_range,
    endRange: r.end_range,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * How many active cards a range serves (what deleting it stops). Only the first six digits are stored in clear,
 * so cards sharing the first six of a bound are decrypted to compare their full PAN.
 */
export async function activeCardsInRange(deps: Pick<ServiceDeps, 'db' | 'keys'>, rangeId: string): Promise<number> {
  const row = await cardRangeRow(deps.db, checkRangeId(rangeId));
  if (!row) throw new ServiceError('not_found', 'card range not found', 'rangeId');
  const { inside, edge } = await activeCardsNearRange(deps.db, row.pan_low, row.pan_high);
  let count = inside;
  for (const panEnc of edge) {
    const key = rangeKey(deps.keys.decrypt(panEnc, 'pan'));
    if (row.pan_low <= key && key <= row.pan_high) count++;
  }
  return count;
}
