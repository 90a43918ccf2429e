import type { Insertable } from 'kysely';
import type { Executor } from '../database.ts';
import type { GoLiveSmsTestRow, GoLiveSmsTestsTable } from '../tables/go-live.ts';

/** What the go-live checklist (src/features/go-live/) reads across aggregates, and its SMS test record. */

export async function insertGoLiveSmsTest(trx: Executor, row: Insertable<GoLiveSmsTestsTable>): Promise<void> {
  await trx.insertInto('go_live_sms_tests').values(row).execute();
}

/** The newest SMS test send since `since`, any provider. */
export function latestGoLiveSmsTest(db: Executor, since: Date): Promise<GoLiveSmsTestRow | undefined> {
  return db
    .selectFrom('go_live_sms_tests')
    .selectAll()
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest successful SMS test send through `provider` since `since`. */
export function latestOkGoLiveSmsTest(
  db: Executor,
  provider: string,
  since: Date,
): Promise<GoLiveSmsTestRow | undefined> {
  return db
    .selectFrom('go_live_sms_tests')
    .selectAll()
    .where('provider', '=', provider)
    .where('ok', '=', true)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Each issuer with how many card ranges it serves (zero included). */
export async function cardRangeCounts(db: Executor): Promise<{ issuerId: string; ranges: number }[]> {
  const rows = await db
    .selectFrom('issuers')
    .leftJoin('card_ranges', 'card_ranges.issuer_id', 'issuers.id')
    .select(['issuers.id as issuerId', (eb) => eb.fn.count<string>('card_ranges.id').as('ranges')])
    .groupBy('issuers.id')
    .orderBy('issuers.id')
    .execute();
  return rows.map((r) => ({ issuerId: r.issuerId, ranges: Number(r.ranges) }));
}

/** Issuer API tokens that still work (not revoked). */
export async function liveApiTokenCount(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Active console operators by role, and how many of them have no TOTP second factor enrolled. */
export async function activeOperatorsByRole(
  db: Executor,
): Promise<{ role: string; active: number; withoutTotp: number }[]> {
  const rows = await db
    .selectFrom('operators')
    .select([
      'role',
      (eb) => eb.fn.countAll<string>().as('active'),
      (eb) => eb.fn.count<string>('id').filterWhere('totp_secret_enc', 'is', null).as('withoutTotp'),
    ])
    .where('disabled_at', 'is', null)
    .groupBy('role')
    .execute();
  return rows.map((r) => ({ role: r.role, active: Number(r.active), withoutTotp: Number(r.withoutTotp) }));
}
