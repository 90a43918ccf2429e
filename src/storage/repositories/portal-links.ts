import type { Executor } from '../database.ts';

/** Emailed single-use links for first-time setup and password reset; only the token's MAC is stored. */

/** Marks every unused link of the member used (a new link supersedes them). */
export async function supersedeLinks(db: Executor, enetId: string, at: Date): Promise<void> {
  await db
    .updateTable('portal_links')
    .set({ used_at: at })
    .where('enet_id', '=', enetId)
    .where('used_at', 'is', null)
    .execute();
}

export async function insertLink(
  db: Executor,
  link: { id: string; tokenMac: string; enetId: string; purpose: 'setup' | 'reset'; at: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('portal_links')
    .values({
      id: link.id,
      token_mac: link.tokenMac,
      enet_id: link.enetId,
      purpose: link.purpose,
      created_at: link.at,
      expires_at: link.expiresAt,
    })
    .execute();
}

/** Whether an unused, unexpired link has this token MAC (a read only: spending is `spendLink`). */
export async function usableLinkExists(db: Executor, tokenMac: string, at: Date): Promise<boolean> {
  const row = await db
    .selectFrom('portal_links')
    .select('id')
    .where('token_mac', '=', tokenMac)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return row !== undefined;
}

/** Spends the link in one conditional statement: a second use, or an expired link, finds nothing. */
export function spendLink(
  db: Executor,
  tokenMac: string,
  at: Date,
): Promise<{ id: string; enet_id: string; purpose: 'setup' | 'reset' } | undefined> {
  return db
    .updateTable('portal_links')
    .set({ used_at: at })
    .where('token_mac', '=', tokenMac)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['id', 'enet_id', 'purpose'])
    .executeTakeFirst();
}
