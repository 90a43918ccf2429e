import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { kcv } from './cvk-material.ts';
import { MasterKeys, namedMasterKeyId } from './master-keys.ts';

/**
 * The only holder of key material. A master key (NINSHO_MASTER_KEY) wraps versioned data keys stored in the
 * database; data keys encrypt PANs and phone numbers (AES-256-GCM) and key the lookup MACs (HMAC-SHA-256).
 *
 * Ciphertext format: `e1.<dataKeyVersion>.<iv b64url>.<ciphertext+tag b64url>` — the version makes rotation lazy.
 * Wrapped keys name the master key that wrapped them (src/infra/crypto/master-keys.ts), so a node can hold the
 * old master key beside the new one while `keys rewrap` moves them (docs/operations.md).
 */
export type KeyPurpose = 'data' | 'mac' | 'cvk' | 'form';

export interface StoredKey {
  purpose: KeyPurpose;
  version: number;
  wrapped: string;
}

/** A CVK pair of the ceremony table (migration 0014) that can issue or verify CAVVs (docs/cavv.md "Keys"). */
export interface StoredCvk {
  id: string;
  keyIndicator: 1 | 2;
  state: 'active' | 'retiring';
  /** Wrapped under the master key with the associated data `ninsho-key:cvk:<wrapLabel>`. */
  wrapped: string;
  wrapLabel: string;
  kcv: string | null;
  /** When it issues from (an activation takes effect a few seconds later on every node at once). */
  activatedAt: Date | null;
  /** When the key that was active before stops issuing (the next key's activatedAt). */
  retiringAt: Date | null;
  /** After this, CAVVs under it no longer verify. */
  graceEndsAt: Date | null;
}

export interface LoadedCvk extends Omit<StoredCvk, 'wrapped' | 'wrapLabel' | 'kcv'> {
  /** A||B, 16 bytes. */
  key: Buffer;
  kcv: string;
}

/** Persistence of wrapped keys; implemented in storage/. `insert` must ignore a duplicate (purpose, version). */
export interface KeyStore {
  list(): Promise<StoredKey[]>;
  insert(key: StoredKey): Promise<void>;
  /** Active and retiring CVKs (the ceremony table). Absent in stores that predate it. */
  listCvks?(): Promise<StoredCvk[]>;
  /** A database without any CVK row records the key ring's generated CVK as the active one (else a no-op). */
  adoptCvk?(key: { version: number; wrapped: string; keyIndicator: 1 | 2; kcv: string }): Promise<void>;
  /** Records a KCV computed at load for a CVK that migration 0014 copied without one. */
  fillCvkKcv?(id: string, kcv: string): Promise<void>;
}

/** Lookup-index domains: the same value MACs differently per domain, so indexes cannot be joined. */
export type MacDomain = 'pan' | 'phone' | 'otp' | 'token' | 'session' | 'ratelimit' | 'cavv' | 'passkey' | 'risk';

/** Every node reloads the key ring this often, so a key rotated elsewhere is known before data uses it. */
export const KEY_REFRESH_MS = 15_000;

const KEY_LENGTH: Record<KeyPurpose, number> = { data: 32, mac: 32, cvk: 16, form: 32 };

/** The associated data a `data_keys` row is wrapped with: what the key is, so a wrapped key cannot be moved. */
export function dataKeyAad(purpose: KeyPurpose, version: number | string): string {
  return `ninsho-key:${purpose}:${version}`;
}

/**
 * Stored keys that no master key of this node opens. The message names the master key ids (non-secret
 * fingerprints) of this node and of the store, never a key.
 */
export class MasterKeyMismatchError extends Error {
  constructor(masters: MasterKeys, stored: readonly StoredKey[], unopened: readonly StoredKey[]) {
    const count = new Map<string, number>();
    for (const k of stored) count.set(namedMasterKeyId(k.wrapped), (count.get(namedMasterKeyId(k.wrapped)) ?? 0) + 1);
    const found = [...count].map(([id, n]) => (id === 'w1' ? `${n} in the unnamed w1 format` : `${id} (${n})`));
    const which = unopened
      .slice(0, 5)
      .map((k) => `${k.purpose} v${k.version}`)
      .join(', ');
    super(
      `cannot unwrap ${unopened.length} stored key(s) (${which}${unopened.length > 5 ? ', …' : ''}): wrong NINSHO_MASTER_KEY? ` +
        `NINSHO_MASTER_KEY is master key id ${masters.currentId}; NINSHO_MASTER_KEY_PREVIOUS ` +
        `${masters.previousIds.length ? `holds ${masters.previousIds.join(', ')}` : 'is not set'}. ` +
        `The stored keys are wrapped under master key ids: ${found.join(', ')}. ` +
        'Start with the master key those ids name as NINSHO_MASTER_KEY or in NINSHO_MASTER_KEY_PREVIOUS ' +
        '(`npm run ninsho -- keys status` lists them).',
    );
    this.name = 'MasterKeyMismatchError';
  }
}

export class KeyRing {
  #master: MasterKeys;
  #store: KeyStore;
  #keys = new Map<string, Buffer>();
  #macKeys = new Map<number, KeyObject>();
  /** Data keys as KeyObjects, made once: createCipheriv with a raw Buffer re-imports the key every call. */
  #dataKeys = new Map<number, KeyObject>();
  #current: Record<KeyPurpose, number> = { data: 0, mac: 0, cvk: 0, form: 0 };
  #cvks: readonly LoadedCvk[] = [];
  #cvkBytes = new Map<string, Buffer>();

  private constructor(master: MasterKeys, store: KeyStore) {
    this.#master = master;
    this.#store = store;
  }

  /**
   * Loads every stored key. Refuses (MasterKeyMismatchError) when a stored key opens with none of the master keys
   * given: a node must never serve with part of its keys.
   */
  static async open(master: Buffer | MasterKeys, store: KeyStore): Promise<KeyRing> {
    const ring = new KeyRing(master instanceof MasterKeys ? master : new MasterKeys(master), store);
    await ring.refresh();
    for (const purpose of Object.keys(KEY_LENGTH) as KeyPurpose[]) {
      if (ring.#current[purpose] === 0) await ring.#createKey(purpose, 1);
    }
    await ring.refresh();
    for (const purpose of Object.keys(KEY_LENGTH) as KeyPurpose[]) {
      if (ring.#current[purpose] === 0) throw new Error(`the key store did not keep the ${purpose} key`);
    }
    await ring.refreshCvks();
    if (store.adoptCvk && !ring.#cvks.some((c) => c.state === 'active')) {
      const version = ring.#current.cvk;
      const stored = (await store.list()).find((k) => k.purpose === 'cvk' && k.version === version);
      const key = ring.secret('cvk', version);
      if (stored && key) {
        await store.adoptCvk({
          version,
          wrapped: stored.wrapped,
          keyIndicator: version % 2 === 1 ? 1 : 2,
          kcv: kcv(key),
        });
        await ring.refreshCvks();
      }
    }
    return ring;
  }

  /**
   * Reloads the active and retiring CVKs (every node, every CVK_REFRESH_MS of src/infra/crypto/cavv-keys.ts, and
   * at once after a ceremony step on this node). Issuing and verifying choose among these by state and time.
   */
  async refreshCvks(): Promise<void> {
    if (!this.#store.listCvks) return;
    const loaded: LoadedCvk[] = [];
    for (const row of await this.#store.listCvks()) {
      let key = this.#cvkBytes.get(row.id);
      if (!key) {
        key = this.#unwrapLabelled('cvk', row.wrapLabel, row.wrapped);
        this.#cvkBytes.set(row.id, key);
      }
      const check = row.kcv ?? kcv(key);
      if (row.kcv === null) await this.#store.fillCvkKcv?.(row.id, check);
      const { wrapped: _w, wrapLabel: _l, ...rest } = row;
      loaded.push({ ...rest, key, kcv: check });
    }
    this.#cvks = loaded;
  }

  /** The CVKs loaded by the last refreshCvks: active and retiring. */
  cvks(): readonly LoadedCvk[] {
    return this.#cvks;
  }

  /** Wraps a new CVK (A||B) under the master key for the ceremony table; `label` is the row's id. */
  wrapCvk(label: string, key: Buffer): string {
    return this.#wrap('cvk', label, key);
  }

  /** The master key id new wraps are made under. */
  get masterKeyId(): string {
    return this.#master.currentId;
  }

  /**
   * Loads keys written by other nodes (after a rotation elsewhere). Keys already loaded are kept as they are,
   * so a key re-wrapped under another master key (`keys rewrap`) changes nothing for a running node. Loads every
   * key it can open, then throws MasterKeyMismatchError naming those it cannot.
   */
  async refresh(): Promise<void> {
    const stored = await this.#store.list();
    const unopened: StoredKey[] = [];
    for (const row of stored) {
      const id = `${row.purpose}:${row.version}`;
      if (!this.#keys.has(id)) {
        const key = this.#master.tryUnwrap(dataKeyAad(row.purpose, row.version), row.wrapped)?.key;
        if (!key) {
          unopened.push(row);
          continue;
        }
        this.#keys.set(id, key);
        if (row.purpose === 'mac') this.#macKeys.set(row.version, createSecretKey(key));
        if (row.purpose === 'data') this.#dataKeys.set(row.version, createSecretKey(key));
      }
      if (row.version > this.#current[row.purpose]) this.#current[row.purpose] = row.version;
    }
    if (unopened.length > 0) throw new MasterKeyMismatchError(this.#master, stored, unopened);
  }

  /**
   * Creates the next data-key version; new writes use it, old ciphertexts still decrypt. CVKs are not rotated
   * here: they go through the ceremony (src/features/keys/service.ts).
   */
  async rotate(purpose: 'data' = 'data'): Promise<number> {
    await this.refresh();
    const next = this.#current[purpose] + 1;
    await this.#createKey(purpose, next);
    await this.refresh();
    return this.#current[purpose];
  }

  currentVersion(purpose: KeyPurpose): number {
    return this.#current[purpose];
  }

  encrypt(plaintext: string, context: string): string {
    const version = this.#current.data;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#dataKey(version), iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `e1.${version}.${iv.toString('base64url')}.${ct.toString('base64url')}`;
  }

  decrypt(ciphertext: string, context: string): string {
    const [tag, versionText, ivText, ctText] = ciphertext.split('.');
    if (tag !== 'e1' || !versionText || !ivText || !ctText) throw new Error('not a ninsho ciphertext');
    const body = Buffer.from(ctText, 'base64url');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.#dataKey(Number(versionText)),
      Buffer.from(ivText, 'base64url'),
    );
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }

  /** True when the ciphertext was made under an older data key and should be rewritten. */
  isStale(ciphertext: string): boolean {
    return ciphertext.split('.', 2)[1] !== String(this.#current.data);
  }

  /** Keyed lookup index (HMAC-SHA-256, base64url). The MAC key is never rotated: rotating it means re-indexing. */
  mac(domain: MacDomain, value: string): string {
    const key = this.#macKeys.get(1);
    if (!key) throw new Error('mac key missing');
    return createHmac('sha256', key).update(domain).update('\0').update(value).digest('base64url');
  }

  /** Raw key bytes for the few algorithms that need them (CVK for CAVV, form-token signing). */
  secret(purpose: 'cvk' | 'form', version = this.#current[purpose]): Buffer | undefined {
    return this.#keys.get(`${purpose}:${version}`);
  }

  async #createKey(purpose: KeyPurpose, version: number): Promise<void> {
    const key = randomBytes(KEY_LENGTH[purpose]);
    await this.#store.insert({ purpose, version, wrapped: this.#wrap(purpose, version, key) });
  }

  #dataKey(version: number): KeyObject {
    const key = this.#dataKeys.get(version);
    if (!key) throw new Error(`data key version ${version} is not loaded`);
    return key;
  }

  #wrap(purpose: KeyPurpose, label: number | string, key: Buffer): string {
    return this.#master.wrap(dataKeyAad(purpose, label), key);
  }

  #unwrapLabelled(purpose: KeyPurpose, label: string, wrapped: string): Buffer {
    const key = this.#master.tryUnwrap(dataKeyAad(purpose, label), wrapped)?.key;
    if (!key)
      throw new Error(
        `cannot unwrap ${purpose} key ${label}: none of this node's master keys opens it (\`npm run ninsho -- keys status\`)`,
      );
    return key;
  }
}
