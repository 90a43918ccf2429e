import type { KeyPurpose, KeyStore, StoredKey } from '../../infra/crypto/keyring.ts';
import type { Db } from '../database.ts';
import { adoptKeyRingCvk, fillCvkKcv, liveCvks } from './cvks.ts';

export function keyStore(db: Db): KeyStore {
  return {
    async list(): Promise<StoredKey[]> {
      const rows = await db
        .selectFrom('data_keys')
        .select(['purpose', 'version', 'wrapped'])
        .orderBy('version')
        .execute();
      return rows.map((r) => ({ purpose: r.purpose as KeyPurpose, version: r.version, wrapped: r.wrapped }));
    },
    async insert(key: StoredKey): Promise<void> {
      await db
        .insertInto('data_keys')
        .values(key)
        .onConflict((oc) => oc.columns(['purpose', 'version']).doNothing())
        .execute();
    },
    listCvks: () => liveCvks(db),
    adoptCvk: (key) => adoptKeyRingCvk(db, key),
    fillCvkKcv: (id, kcv) => fillCvkKcv(db, id, kcv),
  };
}
