import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MasterKeySource {
  key: Buffer;
  generated: boolean;
  path?: string;
}

/**
 * NINSHO_MASTER_KEY when set; otherwise (development only — config refuses this in production) a key
 * generated once into the data directory, readable by the owner alone.
 */
export function loadMasterKey(fromEnv: string | undefined, dataDir: string): MasterKeySource {
  if (fromEnv) return { key: Buffer.from(fromEnv, 'base64'), generated: false };
  const path = join(dataDir, 'master.key');
  if (existsSync(path)) return { key: Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'), generated: true, path };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600 });
  return { key, generated: true, path };
}
