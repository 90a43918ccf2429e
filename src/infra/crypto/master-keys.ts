import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * The master keys of this node: NINSHO_MASTER_KEY (current; every new wrap uses it) and, while the master key
 * is being replaced, NINSHO_MASTER_KEY_PREVIOUS (old keys that still unwrap, never wrap). docs/operations.md
 * "Replacing the master key".
 *
 * Wrapped format (AES-256-GCM, `aad` names what the key is, e.g. `ninsho-key:data:3`):
 * - `w2.<masterKeyId>.<iv b64url>.<ciphertext+tag b64url>`: names the master key that wrapped it;
 * - `w1.<iv>.<ciphertext+tag>`: the first format, unnamed; still read, by trying every key held.
 * The master key id is a short non-secret fingerprint: the first 8 bytes of
 * HMAC-SHA-256(master, "ninsho master key id"), base64url (11 characters, never a `.`).
 */
export class MasterKeys {
  readonly currentId: string;
  readonly previousIds: readonly string[];
  readonly #current: Buffer;
  readonly #byId = new Map<string, Buffer>();

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new Error('master key must be 32 bytes');
    }
    this.#current = current;
    this.currentId = masterKeyId(current);
    this.#byId.set(this.currentId, current);
    const previousIds: string[] = [];
    for (const key of previous) {
      const id = masterKeyId(key);
      if (this.#byId.has(id)) continue;
      this.#byId.set(id, key);
      previousIds.push(id);
    }
    this.previousIds = previousIds;
  }

  /** Wraps under the current master key. */
  wrap(aad: string, key: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current, iv);
    cipher.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()]);
    return `w2.${this.currentId}.${iv.toString('base64url')}.${ct.toString('base64url')}`;
  }

  /** The key inside, or undefined when no master key held here opens it. */
  tryUnwrap(aad: string, wrapped: string): { key: Buffer; masterKeyId: string } | undefined {
    const parts = wrapped.split('.');
    if (parts[0] === 'w2' && parts.length === 4) {
      const id = parts[1] ?? '';
      const master = this.#byId.get(id);
      const key = master && open(master, aad, parts[2] ?? '', parts[3] ?? '');
      return key ? { key, masterKeyId: id } : undefined;
    }
    if (parts[0] === 'w1' && parts.length === 3) {
      for (const [id, master] of this.#byId) {
        const key = open(master, aad, parts[1] ?? '', parts[2] ?? '');
        if (key) return { key, masterKeyId: id };
      }
    }
    return undefined;
  }

  /** True when the value is already in the current format under the current master key. */
  isCurrent(wrapped: string): boolean {
    return wrapped.startsWith(this.currentPrefix);
  }

  /** What every value wrapped under the current master key starts with. */
  get currentPrefix(): string {
    return `w2.${this.currentId}.`;
  }
}

/** The master key id a wrapped value names: its id for `w2`, `w1` for the unnamed first format. */
export function namedMasterKeyId(wrapped: string): string {
  const [tag, id] = wrapped.split('.', 2);
  return tag === 'w2' && id ? id : tag === 'w1' ? 'w1' : 'unknown';
}

export function masterKeyId(master: Buffer): string {
  return createHmac('sha256', master).update('ninsho master key id').digest().subarray(0, 8).toString('base64url');
}

function open(master: Buffer, aad: string, ivText: string, ctText: string): Buffer | undefined {
  const body = Buffer.from(ctText, 'base64url');
  if (body.length < 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', master, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}
