import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The risk history asks whether a member ever had an earlier phone (a phone change, docs/risk.md "Signals"): an
 * index on the members' unbound bindings answers it without scanning `phone_bindings`
 * (src/storage/repositories/risk-history.ts). The current binding has its own unique index (0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'create index phone_bindings_replaced on phone_bindings (enet_id) where unbound_at is not null;');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'drop index phone_bindings_replaced;');
}
