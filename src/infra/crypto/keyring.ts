import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { kcv } from './cvk-material.ts';

/**
 * The only holder of key material. A master key (NINSHO_MASTER_KEY) wraps versioned data keys stored in the
 * database; data keys encrypt PANs and phone numbers (AES-256-GCM) and key the lookup MACs (HMAC-SHA-256).
 *
 * Ciphertext format: `e1.<dataKeyVersion>.<iv b64url>.<ciphertext+tag b64url>` — the version makes rotation lazy.
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
export type MacDomain = 'pan' | 'phone' | 'otp' | 'token' | 'session' | 'ratelimit' | 'cavv';

/** Every node reloads the key ring this often, so a key rotated elsewhere is known before data uses it. */
export const KEY_REFRESH_MS = 15_000;

const KEY_LENGTH: Record<KeyPurpose, number> = { data: 32, mac: 32, cvk: 16, form: 32 };

export class KeyRing {
  #master: Buffer;
  #store: KeyStore;
  #keys = new Map<string, Buffer>();
  #macKeys = new Map<number, KeyObject>();
  /** Data keys as KeyObjects, made once: createCipheriv with a raw Buffer re-imports the key every call. */
  #dataKeys = new Map<number, KeyObject>();
  #current: Record<KeyPurpose, number> = { data: 0, mac: 0, cvk: 0, form: 0 };
  #cvks: readonly LoadedCvk[] = [];
  #cvkBytes = new Map<string, Buffer>();

  private constructor(master: Buffer, store: KeyStore) {
    this.#master = master;
    this.#store = store;
  }

  static async open(master: Buffer, store: KeyStore): Promise<KeyRing> {
    if (master.length !== 32) throw new Error('master key must be 32 bytes');
    const ring = new KeyRing(master, store);
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

  /** Loads keys written by other nodes (after a rotation elsewhere). */
  async refresh(): Promise<void> {
    for (const stored of await this.#store.list()) {
      const id = `${stored.purpose}:${stored.version}`;
      if (!this.#keys.has(id)) {
        const key = this.#unwrap(stored);
        this.#keys.set(id, key);
        if (stored.purpose === 'mac') this.#macKeys.set(stored.version, createSecretKey(key));
        if (stored.purpose === 'data') this.#dataKeys.set(stored.version, createSecretKey(key));
      }
      if (stored.version > this.#current[stored.purpose]) this.#current[stored.purpose] = stored.version;
    }
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

  #wrap(purpose: KeyPurpose, version: number | string, key: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#master, iv);
    cipher.setAAD(Buffer.from(`ninsho-key:${purpose}:${version}`));
    const ct = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()]);
    return `w1.${iv.toString('base64url')}.${ct.toString('base64url')}`;
  }

  #unwrap(stored: StoredKey): Buffer {
    return this.#unwrapLabelled(stored.purpose, String(stored.version), stored.wrapped);
  }

  #unwrapLabelled(purpose: KeyPurpose, label: string, wrapped: string): Buffer {
    const [, ivText, ctText] = wrapped.split('.');
    const body = Buffer.from(ctText ?? '', 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#master, Buffer.from(ivText ?? '', 'base64url'));
    decipher.setAAD(Buffer.from(`ninsho-key:${purpose}:${label}`));
    decipher.setAuthTag(body.subarray(body.length - 16));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    } catch {
      throw new Error(`cannot unwrap ${purpose} key ${label}: wrong NINSHO_MASTER_KEY?`);
    }
  }
}
