import { newId } from '../../infra/ids.ts';
import type { Executor } from '../database.ts';

/** Evidence snapshots of a fraud case (JSON): each gathering adds one; the newest is shown, older ones stay. */

export async function insertEvidenceSnapshot(
  trx: Executor,
  caseId: string,
  snapshot: unknown,
  by: string,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('investigation_evidence')
    .values({
      id: newId('evd', at.getTime()),
      case_id: caseId,
      gathered_at: at,
      gathered_by: by,
      snapshot: JSON.stringify(snapshot),
    })
    .execute();
}

export async function latestEvidenceSnapshot(db: Executor, caseId: string): Promise<unknown> {
  const row = await db
    .selectFrom('investigation_evidence')
    .select('snapshot')
    .where('case_id', '=', caseId)
    .orderBy('gathered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.snapshot;
}
