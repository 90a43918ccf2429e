import type { Context, Hono } from 'hono';
import type { AppDeps } from '../../../app/deps.ts';
import type { AppEnv } from '../../../app/http/app.ts';
import { findImport } from '../../../storage/repositories/imports.ts';
import { type ApiEnv, requireToken } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { endpoint } from '../request.ts';
import { IMPORT_ID, ImportInterrupted, ImportRaced, type ImportSummary, runImport, summaryOf } from './importer.ts';

/** What the API answers for an import (docs/interfaces.md "Bulk enrolment import"); errors name no values. */
function body(s: ImportSummary) {
  return {
    importId: s.importId,
    status: s.status,
    lines: s.lines,
    committedLine: s.committedLine,
    created: s.created,
    updated: s.updated,
    unchanged: s.unchanged,
    failed: s.failed,
    errors: s.errors,
    errorsTruncated: s.errorsTruncated,
    ...(s.interruption && { interruption: s.interruption }),
  };
}

/**
 * The request body as chunks, counted and watched: more than `maxBytes` stops the import (413), and so does a
 * silence longer than `idleMs` between two chunks (408) or the client going away. The import keeps what it
 * committed before; the same importId resumes it.
 */
async function* watchedChunks(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  idleMs: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (!stream) return;
  const reader = stream.getReader();
  let size = 0;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<'idle'>((resolve) => {
        timer = setTimeout(() => resolve('idle'), idleMs);
      });
      let next: Awaited<ReturnType<typeof reader.read>> | 'idle';
      try {
        next = await Promise.race([reader.read(), idle]);
      } catch {
        throw new ImportInterrupted('client_gone');
      } finally {
        clearTimeout(timer);
      }
      if (next === 'idle') throw new ImportInterrupted('idle_timeout');
      if (next.done) return;
      size += next.value.byteLength;
      if (size > maxBytes) throw new ImportInterrupted('payload_too_large');
      yield next.value;
    }
  } finally {
    reader.releaseLock();
  }
}

function importIdOf(c: Context): string | undefined {
  const value = c.req.query('importId') ?? c.req.header('x-import-id');
  if (value === undefined) return undefined;
  if (!IMPORT_ID.test(value)) {
    throw new ApiError(400, 'invalid_path_parameter', 'importId must be 1 to 64 of A-Z a-z 0-9 _ -', 'importId');
  }
  return value;
}

/**
 * POST /api/v1/imports (streamed NDJSON, docs/interfaces.md) and GET /api/v1/imports/{importId} (progress).
 * The edge does not buffer this route's body (http/limits.ts `streamed`); it is read here chunk by chunk.
 */
export function mountImportApi(app: Hono<AppEnv>, deps: AppDeps): void {
  const issuer = requireToken(deps.db, deps.keys, 'issuer');

  app.post(
    '/api/v1/imports',
    issuer,
    endpoint(async (c: Context<ApiEnv>) => {
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== 'application/x-ndjson') {
        throw new ApiError(415, 'unsupported_media_type', 'the body must be application/x-ndjson');
      }
      const importId = importIdOf(c);
      const chunks = watchedChunks(
        c.req.raw.body,
        deps.config.IMPORT_MAX_BYTES,
        deps.config.REQUEST_TIMEOUT_SECONDS * 1000,
      );
      let summary: ImportSummary;
      try {
        summary = await runImport(deps, chunks, {
          importId,
          source: 'api',
          actor: `issuer-api:${c.get('tokenId')}`,
          requestId: c.get('requestId'),
        });
      } catch (err) {
        if (err instanceof ImportRaced) throw new ApiError(409, 'conflict', err.message, 'importId');
        throw err;
      }
      if (summary.interruption === 'payload_too_large' || summary.interruption === 'idle_timeout') {
        c.header('Connection', 'close');
        const tooLarge = summary.interruption === 'payload_too_large';
        const message = tooLarge
          ? `the body exceeds ${deps.config.IMPORT_MAX_BYTES} bytes; lines up to committedLine were imported`
          : 'no data arrived for too long; lines up to committedLine were imported';
        return c.json(
          { code: tooLarge ? 'payload_too_large' : 'request_timeout', message, ...body(summary) },
          tooLarge ? 413 : 408,
        );
      }
      return c.json(body(summary), 200);
    }),
  );

  app.get(
    '/api/v1/imports/:importId',
    issuer,
    endpoint(async (c) => {
      const id = c.req.param('importId') ?? '';
      if (!IMPORT_ID.test(id)) {
        throw new ApiError(400, 'invalid_path_parameter', 'importId must be 1 to 64 of A-Z a-z 0-9 _ -', 'importId');
      }
      const row = await findImport(deps.db, id);
      if (!row) throw new ApiError(404, 'not_found', 'no such import', 'importId');
      return c.json(body(summaryOf(row, row.committed_line)));
    }),
  );
}
