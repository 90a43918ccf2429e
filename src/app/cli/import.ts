import { createReadStream, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { IMPORT_ID, ImportRaced, type ImportSummary, runImport } from '../../features/issuer-api/import/importer.ts';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import type { Db } from '../../storage/database.ts';
import { systemClock } from '../runtime.ts';

/**
 * `npm run ninsho -- import <file.ndjson> [--import-id <id>] [--json]` (docs/operations.md "Bulk enrolment"):
 * the file is streamed, never read whole; progress goes to stderr about once a second. Rerunning with the
 * same --import-id after a crash skips the lines already committed. Exit code 0 when every line imported,
 * 1 when some lines failed (they are listed), 2 for a usage error.
 */
export async function runImportCommand(db: Db, keys: KeyRing, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'import-id': { type: 'string' }, json: { type: 'boolean' }, 'batch-lines': { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  const importId = values['import-id'];
  if (!file || positionals.length > 1) {
    process.stderr.write('usage: npm run ninsho -- import <file.ndjson> [--import-id <id>] [--json]\n');
    return 2;
  }
  if (importId !== undefined && !IMPORT_ID.test(importId)) {
    process.stderr.write('--import-id must be 1 to 64 of A-Z a-z 0-9 _ -\n');
    return 2;
  }
  if (!existsSync(file)) {
    process.stderr.write(`no such file: ${file}\n`);
    return 2;
  }
  const batchLines = values['batch-lines'] === undefined ? undefined : Number(values['batch-lines']);
  if (batchLines !== undefined && !(Number.isInteger(batchLines) && batchLines >= 1 && batchLines <= 20_000)) {
    process.stderr.write('--batch-lines must be 1 to 20000\n');
    return 2;
  }
  const started = performance.now();
  let lastPrint = 0;
  const rate = (s: ImportSummary) => Math.round(s.cards / ((performance.now() - started) / 1000));
  const onProgress = (s: ImportSummary) => {
    const now = performance.now();
    if (now - lastPrint < 1000) return;
    lastPrint = now;
    process.stderr.write(
      `${s.importId}: line ${s.committedLine} · created ${s.created} · updated ${s.updated} · unchanged ${s.unchanged} · failed ${s.failed} · ${rate(s)} cards/s\n`,
    );
  };
  let summary: ImportSummary;
  try {
    summary = await runImport({ db, keys, clock: systemClock }, createReadStream(file, { highWaterMark: 1 << 20 }), {
      importId,
      source: 'cli',
      actor: 'cli',
      requestId: null,
      onProgress,
      ...(batchLines !== undefined && { batchLines }),
    });
  } catch (err) {
    if (err instanceof ImportRaced) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') {
      process.stderr.write(`no such file: ${file}\n`);
      return 2;
    }
    throw err;
  }
  const seconds = (performance.now() - started) / 1000;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, seconds, cardsPerSecond: summary.cards / seconds })}\n`);
  } else {
    for (const e of summary.errors) {
      process.stdout.write(`line ${e.line}${e.field ? ` ${e.field}` : ''}: ${e.code}: ${e.message}\n`);
    }
    if (summary.errorsTruncated) process.stdout.write(`… ${summary.failed - summary.errors.length} more errors\n`);
    process.stdout.write(
      `${summary.importId} ${summary.status}: ${summary.lines} lines · created ${summary.created} · updated ${summary.updated} · unchanged ${summary.unchanged} · failed ${summary.failed} · ${summary.cards} cards in ${seconds.toFixed(1)} s (${rate(summary)} cards/s)\n`,
    );
  }
  return summary.failed > 0 ? 1 : 0;
}
