import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The liability questions are declared once, in src/core/investigation/liability-clauses.ts, and the case
 * service refuses any other name before it writes. A CHECK listing the names again would make every new
 * clause a schema change as well, so the list lives in one place only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'alter table investigation_findings drop constraint investigation_findings_question_check;');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `alter table investigation_findings add constraint investigation_findings_question_check check (question in
      ('credentialsMishandled', 'usedByRelatedPerson', 'falseStatement', 'deviceOrNetworkFault',
       'objectiveMemberUse', 'memberAtFault'));`,
  );
}
