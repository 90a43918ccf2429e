import type { Executor } from '../database.ts';

/** Files attached to a fraud case, stored in the database with their SHA-256. */

export interface NewAttachment {
  id: string;
  caseId: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  sha256: string;
  description: string;
  uploadedBy: string;
  uploadedAt: Date;
}

export async function insertAttachment(trx: Executor, a: NewAttachment): Promise<void> {
  await trx
    .insertInto('investigation_attachments')
    .values({
      id: a.id,
      case_id: a.caseId,
      file_name: a.fileName,
      content_type: a.contentType,
      size: a.bytes.length,
      sha256: a.sha256,
      content: Buffer.from(a.bytes),
      description: a.description,
      uploaded_by: a.uploadedBy,
      uploaded_at: a.uploadedAt,
    })
    .execute();
}

/** The attachments of a case without their content, oldest first. */
export async function caseAttachments(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_attachments')
    .select(['id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_at'])
    .where('case_id', '=', caseId)
    .orderBy('uploaded_at')
    .execute();
}

/** One attachment with its content, only from its own case. */
export async function attachmentContent(db: Executor, caseId: string, id: string) {
  return db
    .selectFrom('investigation_attachments')
    .select(['file_name', 'content_type', 'content', 'sha256'])
    .where('id', '=', id)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
}
