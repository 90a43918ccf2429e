import { createHash } from 'node:crypto';
import { ServiceError } from '../../../core/errors.ts';
import { newId } from '../../../infra/ids.ts';
import type { Executor } from '../../../storage/database.ts';
import { attachmentContent, insertAttachment } from '../../../storage/repositories/case-attachments.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { editCase, type InvestigationDeps, isCaseId } from './case-store.ts';

/** Attachments are stored in the database; 5 MB covers a scanned letter or a delivery slip photo. */
const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** What may be attached, each checked against the file's first bytes so a renamed file is refused. */
const ALLOWED: Readonly<Record<string, (bytes: Uint8Array) => boolean>> = {
  'application/pdf': (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'text/plain': isUtf8Text,
  'text/csv': isUtf8Text,
};

export const ATTACHMENT_TYPES = Object.keys(ALLOWED);

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((m, i) => bytes[i] === m);
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A display name without paths or control characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return clean === '' ? 'attachment' : clean;
}

export interface NewAttachment {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  description: string;
}

/** Attaches a file to an open case, with its SHA-256 so the stored copy can be shown to be the one received. */
export async function addAttachment(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  file: NewAttachment,
): Promise<{ id: string; sha256: string }> {
  const type = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const check = ALLOWED[type];
  if (!check) throw new ServiceError('invalid', `only ${ATTACHMENT_TYPES.join(', ')} files may be attached`, 'file');
  if (file.bytes.length === 0) throw new ServiceError('invalid', 'the file is empty', 'file');
  if (file.bytes.length > ATTACHMENT_MAX_BYTES)
    throw new ServiceError('invalid', 'the file is larger than 5 MB', 'file');
  if (!check(file.bytes)) throw new ServiceError('invalid', `the file is not a ${type} file`, 'file');
  const description = file.description.trim();
  if (description.length > 500) throw new ServiceError('invalid', 'description too long', 'description');
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const fileName = cleanName(file.fileName);
  return editCase(
    deps,
    by,
    caseId,
    {
      kind: 'attachment',
      detail: (r) => `${fileName} (${file.bytes.length} bytes, sha256 ${r.sha256.slice(0, 16)}…)`,
      audit: (r) => ({ attachmentId: r.id, fileName, contentType: type, size: file.bytes.length, sha256 }),
    },
    async (trx, _row, at) => {
      const id = newId('att', at.getTime());
      await insertAttachment(trx, {
        id,
        caseId,
        fileName,
        contentType: type,
        bytes: file.bytes,
        sha256,
        description,
        uploadedBy: actorOf(by),
        uploadedAt: at,
      });
      return { id, sha256 };
    },
  );
}

export async function attachmentOf(
  db: Executor,
  caseId: string,
  id: string,
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array; sha256: string }> {
  if (!isCaseId(caseId) || !/^att_[0-9a-z]{26}$/.test(id)) throw new ServiceError('not_found', 'no such attachment');
  const row = await attachmentContent(db, caseId, id);
  if (!row) throw new ServiceError('not_found', 'no such attachment');
  return {
    fileName: row.file_name,
    contentType: row.content_type,
    bytes: new Uint8Array(row.content),
    sha256: row.sha256,
  };
}
