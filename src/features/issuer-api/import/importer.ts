import type { ServiceDeps } from '../../../app/deps.ts';
import { newId } from '../../../infra/ids.ts';
import { withTransaction } from '../../../storage/database.ts';
import {
  allowLongStatements,
  finishImport,
  type ImportLineError,
  type ImportRow,
  inSavepoint,
  lockImport,
  recordBatch,
  startImport,
} from '../../../storage/repositories/imports.ts';
import { listCardRanges } from '../../../storage/repositories/issuers.ts';
import { applyLines, auditBatch, type BatchContext, type BatchItem, type BatchOutcome } from './batch.ts';
import { type PreparedLine, prepareLine, type Range } from './lines.ts';
import { ndjsonLines } from './ndjson.ts';

/** Lines per batch transaction (docs/performance.md "Bulk import"). */
export const DEFAULT_BATCH_LINES = 2000;
/** A longer line is a line error (one member with its cards is a few hundred bytes). */
export const MAX_LINE_BYTES = 64 * 1024;
/** The import row keeps the first this-many line errors; `failed` counts all of them. */
export const IMPORT_ERRORS_KEPT = 1000;
/** An import id chosen by the client: as enetId and cardRef. */
export const IMPORT_ID = /^[A-Za-z0-9_-]{1,64}$/;

type Deps = Pick<ServiceDeps, 'db' | 'keys' | 'clock'>;

export interface ImportOptions {
  importId?: string | undefined;
  source: 'api' | 'cli';
  actor: string;
  requestId?: string | null;
  batchLines?: number;
  maxLineBytes?: number;
  onProgress?: (progress: ImportSummary) => void;
  /** Test hook: stop, like a killed process, after this many batches are committed. */
  crashAfterBatches?: number;
}

export interface ImportSummary {
  importId: string;
  status: ImportRow['status'];
  /** Lines of the input seen so far (including the ones a resumed import skipped). */
  lines: number;
  committedLine: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Cards on the lines committed by this run (for progress and the benchmark). */
  cards: number;
  errors: ImportLineError[];
  errorsTruncated: boolean;
  interruption: string | null;
}

/** The input stopped early: too large, idle too long, disconnected. Lines already committed stay. */
export class ImportInterrupted extends Error {
  constructor(readonly reason: 'payload_too_large' | 'idle_timeout' | 'client_gone' | 'read_failed') {
    super(`import input interrupted: ${reason}`);
    this.name = 'ImportInterrupted';
  }
}

/** Thrown by the test hook `crashAfterBatches`. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/** Another run of the same import id committed lines this run was about to commit. */
export class ImportRaced extends Error {
  override readonly name = 'ImportRaced';
}

export function summaryOf(row: ImportRow, lines: number, cards = 0): ImportSummary {
  return {
    importId: row.id,
    status: row.status,
    lines: Math.max(lines, row.committed_line),
    committedLine: row.committed_line,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    failed: row.failed,
    cards,
    errors: row.errors,
    errorsTruncated: row.failed > row.errors.length,
    interruption: row.interruption,
  };
}

const RETRYABLE = new Set(['40001', '40P01', '55P03']);
const dbCode = (err: unknown) =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/**
 * Streams an NDJSON enrolment file into the database (docs/operations.md "Bulk enrolment"). Lines are parsed,
 * validated and sealed in JS, then written in batches of `batchLines`, each batch one transaction that also moves
 * the import's committed-line watermark, so an interrupted import leaves only whole lines and a rerun with the
 * same id skips what was committed. The next batch is parsed while the previous one is being written.
 */
export async function runImport(
  deps: Deps,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const importId = options.importId ?? newId('imp', deps.clock.now().getTime());
  const batchLines = options.batchLines ?? DEFAULT_BATCH_LINES;
  const started = await startImport(deps.db, {
    id: importId,
    source: options.source,
    startedBy: options.actor,
    at: deps.clock.now(),
  });
  const ranges: Range[] = (await listCardRanges(deps.db)).map((r) => ({ low: r.pan_low, high: r.pan_high }));
  let committed = started.committed_line;
  let storedErrors = started.errors.length;
  let lines = 0;
  let cards = 0;
  let batches = 0;
  let latest = started;

  let batch: BatchItem[] = [];
  let keys = new Set<string>();
  let inflight: Promise<void> = Promise.resolve();
  let failure: unknown;

  const write = async (items: BatchItem[]) => {
    const firstLine = items[0]!.line;
    const lastLine = items.at(-1)!.line;
    const expected = committed;
    const outcome = await writeBatch(deps, importId, items, {
      expected,
      range: { firstLine, lastLine },
      keep: Math.max(0, IMPORT_ERRORS_KEPT - storedErrors),
      ctx: { importId, actor: options.actor, requestId: options.requestId ?? null, at: deps.clock.now() },
    });
    committed = lastLine;
    storedErrors = Math.min(IMPORT_ERRORS_KEPT, storedErrors + outcome.errors.length);
    for (const item of items) if (!('code' in item)) cards += item.cards.length;
    batches++;
    latest = outcome.row;
    options.onProgress?.(summaryOf(latest, lines, cards));
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    keys = new Set();
    await inflight;
    if (failure !== undefined) throw failure;
    if (options.crashAfterBatches !== undefined && batches >= options.crashAfterBatches) {
      throw new SimulatedCrash(`stopped after ${batches} batches`);
    }
    inflight = write(items).catch((err: unknown) => {
      failure = err;
    });
  };

  try {
    for await (const raw of ndjsonLines(chunks, options.maxLineBytes ?? MAX_LINE_BYTES)) {
      lines = raw.line;
      if (raw.line <= committed) continue;
      const item = prepareLine(raw, deps.keys, ranges);
      if (!('code' in item)) {
        const lineKeys = keysOf(item);
        if (lineKeys.some((k) => keys.has(k))) await flush();
        for (const k of lineKeys) keys.add(k);
      }
      batch.push(item);
      if (batch.length >= batchLines) await flush();
    }
    await flush();
    await inflight;
    if (failure !== undefined) throw failure;
  } catch (err) {
    await inflight;
    if (err instanceof ImportInterrupted) {
      await finishImport(deps.db, importId, { status: 'interrupted', interruption: err.reason, at: deps.clock.now() });
      const row = await lockImportRow(deps, importId);
      return summaryOf(row, lines, cards);
    }
    // Anything else (the database gone, a bug): marked interrupted when still possible, so the console does not
    // show it running; the committed lines stay and the same id resumes. A simulated crash leaves it as it is.
    if (!(err instanceof SimulatedCrash) && !(err instanceof ImportRaced)) {
      await finishImport(deps.db, importId, {
        status: 'interrupted',
        interruption: 'error',
        at: deps.clock.now(),
      }).catch(() => {});
    }
    throw err;
  }
  if (options.crashAfterBatches !== undefined && batches >= options.crashAfterBatches) {
    throw new SimulatedCrash(`stopped after ${batches} batches`);
  }
  await finishImport(deps.db, importId, { status: 'completed', interruption: null, at: deps.clock.now() });
  return summaryOf(await lockImportRow(deps, importId), lines, cards);
}

async function lockImportRow(deps: Deps, importId: string): Promise<ImportRow> {
  return (await withTransaction(deps.db, (trx) => lockImport(trx, importId)))!;
}

/** What must not repeat inside one batch: the member, each card reference and each PAN (as its MAC). */
function keysOf(line: PreparedLine): string[] {
  const out = [`m:${line.enetId}`];
  for (const c of line.cards) out.push(`c:${c.cardRef}`, `p:${c.panMac}`);
  return out;
}

interface WritePlan {
  expected: number;
  range: { firstLine: number; lastLine: number };
  keep: number;
  ctx: BatchContext;
}

/**
 * One batch, one transaction: the lines, the batch's audit row and the watermark. When the database refuses
 * the batch as a whole (a constraint no set check foresaw), the lines are applied one by one, each in a
 * savepoint, and a refused line becomes a line error. A lost race (deadlock, serialization) reruns the batch.
 */
async function writeBatch(
  deps: Deps,
  importId: string,
  items: BatchItem[],
  plan: WritePlan,
): Promise<BatchOutcome & { row: ImportRow }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(deps.db, async (trx) => {
        await allowLongStatements(trx, 120);
        const row = await lockImport(trx, importId);
        if (!row || row.committed_line !== plan.expected) {
          throw new ImportRaced('another run of this import committed these lines; rerun it to continue');
        }
        let outcome: BatchOutcome;
        try {
          outcome = await inSavepoint(trx, () => applyLines(trx, items, plan.ctx));
        } catch (err) {
          if (!/^2[23]/.test(dbCode(err) ?? '')) throw err;
          outcome = { created: 0, updated: 0, unchanged: 0, errors: [] };
          for (const item of items) {
            try {
              const one = await inSavepoint(trx, () => applyLines(trx, [item], plan.ctx));
              outcome.created += one.created;
              outcome.updated += one.updated;
              outcome.unchanged += one.unchanged;
              outcome.errors.push(...one.errors);
            } catch (lineErr) {
              if (!/^2[23]/.test(dbCode(lineErr) ?? '')) throw lineErr;
              outcome.errors.push({
                line: item.line,
                field: null,
                code: 'refused',
                message: 'the database refused this line (a concurrent change or a constraint)',
              });
            }
          }
        }
        await auditBatch(trx, plan.ctx, plan.range, outcome);
        await recordBatch(trx, importId, {
          committedLine: plan.range.lastLine,
          created: outcome.created,
          updated: outcome.updated,
          unchanged: outcome.unchanged,
          failed: outcome.errors.length,
          errors: outcome.errors.slice(0, plan.keep),
          at: plan.ctx.at,
        });
        const after = (await lockImport(trx, importId))!;
        return { ...outcome, row: after };
      });
    } catch (err) {
      if (attempt >= 3 || !RETRYABLE.has(dbCode(err) ?? '')) throw err;
    }
  }
}
