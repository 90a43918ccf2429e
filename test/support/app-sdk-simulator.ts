import {
  createHash,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
  X509Certificate,
} from 'node:crypto';
import { CompactEncrypt, compactDecrypt, compactVerify, decodeProtectedHeader } from 'jose';
import { messageTable } from '../../src/protocol/fields.ts';
import { assertValidOutgoing, loadFixture, postAReq } from './messages.ts';

/**
 * A 3DS SDK simulator, written to the public protocol (EMV 3DS Core Spec §6.2, SDK side) and independent of
 * ninsho's own crypto code: it makes its ephemeral key, sends an app AReq, checks acsSignedContent against
 * the x5c certificate, derives the session key with its own Concat KDF, sends JWE CReqs with increasing
 * sdkCounterStoA and decrypts the CRes, checking acsCounterAtoS. It trusts the self-signed development
 * certificate as it is (a real SDK checks the chain up to the DS root).
 */
export type AppVersion = '2.1.0' | '2.2.0' | '2.3.1';
export type AppEncryption = 'A128CBC-HS256' | 'A128GCM';

export interface AppSdkOptions {
  version?: AppVersion;
  enc?: AppEncryption;
  sdkInterface?: string;
  sdkUiType?: string[];
  /** Device locale (deviceInfo DD.C005). */
  locale?: string;
}

export interface AppAnswer {
  status: number;
  contentType: string;
  /** Whether the body was a JWE (and decrypted) or plain JSON. */
  encrypted: boolean;
  message: Record<string, unknown>;
  headers: Headers;
}

const SDK_REFERENCE_NUMBER = '3DS_LOA_SDK_SIMU_020200_00001';

/** Concat KDF (NIST SP 800-56A) with SHA-256, one round: EMV's 256-bit session key. */
function sessionKeyFrom(z: Buffer, partyVInfo: string): Buffer {
  const prefixed = (b: Buffer) => Buffer.concat([u32(b.length), b]);
  const otherInfo = Buffer.concat([
    prefixed(Buffer.alloc(0)),
    prefixed(Buffer.alloc(0)),
    prefixed(Buffer.from(partyVInfo)),
    u32(256),
  ]);
  return createHash('sha256').update(u32(1)).update(z).update(otherInfo).digest();
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export class AppSdkSimulator {
  readonly version: AppVersion;
  readonly enc: AppEncryption;
  readonly sdkTransID = randomUUID();
  readonly #keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  threeDSServerTransID = '';
  acsTransID = '';
  areqMessage: Record<string, unknown> = {};
  ares: Record<string, unknown> = {};
  /** The payload of acsSignedContent, once verified. */
  signedContent: Record<string, unknown> = {};
  sessionKey: Buffer | undefined;
  sdkCounter = 0;
  acsCounter = 0;
  /** The last JWE sent (for replay tests). */
  lastJwe = '';

  constructor(
    readonly baseUrl: string,
    readonly options: AppSdkOptions = {},
  ) {
    this.version = options.version ?? '2.2.0';
    this.enc = options.enc ?? 'A128CBC-HS256';
  }

  sdkJwk(): JsonWebKey {
    const { kty, crv, x, y } = this.#keys.publicKey.export({ format: 'jwk' });
    return { kty, crv, x, y };
  }

  /** The app AReq of the simulator's version, from the 2.2.0 reference sample. */
  buildAReq(pan: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const sample = loadFixture('AReq_app_2.2.0');
    const deviceInfo = {
      DV: '1.4',
      DD: { C001: 'Android', C002: 'Simulator', C003: 'Android', C004: '15', C005: this.options.locale ?? 'ja-JP' },
    };
    const areq: Record<string, unknown> = {
      ...sample,
      messageVersion: this.version,
      acctNumber: pan,
      threeDSServerTransID: randomUUID(),
      dsTransID: randomUUID(),
      sdkTransID: this.sdkTransID,
      sdkReferenceNumber: SDK_REFERENCE_NUMBER,
      sdkEphemPubKey: this.sdkJwk(),
      deviceRenderOptions: {
        sdkInterface: this.options.sdkInterface ?? '03',
        sdkUiType: this.options.sdkUiType ?? ['01', '02', '03', '04', '05'],
      },
      deviceInfo: Buffer.from(JSON.stringify(deviceInfo)).toString('base64url'),
    };
    if (this.version === '2.3.1') {
      Object.assign(areq, {
        acquirerCountryCode: '392',
        acquirerCountryCodeSource: '01',
        sdkType: '01',
        defaultSdkType: { sdkVariant: '01' },
      });
    }
    const known = new Set(messageTable('AReq', this.version).map((f) => f.name));
    for (const name of Object.keys(areq)) if (!known.has(name)) delete areq[name];
    return { ...areq, ...overrides };
  }

  /** Sends the AReq; on a C ARes verifies acsSignedContent and derives the session key. */
  async areq(pan: string, overrides: Record<string, unknown> = {}) {
    this.areqMessage = this.buildAReq(pan, overrides);
    this.threeDSServerTransID = String(this.areqMessage.threeDSServerTransID);
    const answer = await postAReq(this.baseUrl, this.areqMessage);
    this.ares = answer.json;
    if (typeof answer.json.acsTransID === 'string') this.acsTransID = answer.json.acsTransID;
    if (answer.json.transStatus === 'C') await this.#openSession();
    return answer;
  }

  async #openSession(): Promise<void> {
    const jws = String(this.ares.acsSignedContent);
    const header = decodeProtectedHeader(jws);
    if (header.alg !== 'ES256' && header.alg !== 'PS256') throw new Error(`unexpected JWS alg ${header.alg}`);
    const [leaf] = header.x5c ?? [];
    if (!leaf) throw new Error('acsSignedContent has no x5c');
    const certificate = new X509Certificate(Buffer.from(leaf, 'base64'));
    const { payload } = await compactVerify(jws, certificate.publicKey, { algorithms: ['ES256', 'PS256'] });
    this.signedContent = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
    const sdkKey = this.signedContent.sdkEphemPubKey as JsonWebKey;
    const mine = this.sdkJwk();
    if (sdkKey.x !== mine.x || sdkKey.y !== mine.y) throw new Error('acsSignedContent names another SDK key');
    if (this.signedContent.acsURL !== `${this.baseUrl}/3ds/challenge`) throw new Error('unexpected acsURL');
    const acsKey: KeyObject = createPublicKey({ key: this.signedContent.acsEphemPubKey as JsonWebKey, format: 'jwk' });
    const z = diffieHellman({ privateKey: this.#keys.privateKey, publicKey: acsKey });
    this.sessionKey = sessionKeyFrom(z, SDK_REFERENCE_NUMBER);
  }

  /** A CReq with the next counter; `content` adds challengeDataEntry, resendChallenge, challengeCancel… */
  buildCReq(content: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      threeDSServerTransID: this.threeDSServerTransID,
      acsTransID: this.acsTransID,
      messageType: 'CReq',
      messageVersion: this.version,
      sdkTransID: this.sdkTransID,
      sdkCounterStoA: String(this.sdkCounter).padStart(3, '0'),
      ...(this.version === '2.3.1' ? { oobAppURLInd: '01' } : {}),
      ...content,
    };
  }

  /** EMV 3DS §6.2.4: `dir`; A128GCM takes key bytes 0–15 and an IV of zeros ending in the counter. */
  async encrypt(creq: Record<string, unknown>, kid = this.acsTransID): Promise<string> {
    if (!this.sessionKey) throw new Error('no session: the ARes was not C');
    const jwe = new CompactEncrypt(Buffer.from(JSON.stringify(creq))).setProtectedHeader({
      alg: 'dir',
      enc: this.enc,
      kid,
    });
    if (this.enc === 'A128GCM') {
      const iv = Buffer.alloc(12);
      iv[11] = this.sdkCounter;
      jwe.setInitializationVector(iv);
      return jwe.encrypt(this.sessionKey.subarray(0, 16));
    }
    return jwe.encrypt(this.sessionKey);
  }

  async creq(content: Record<string, unknown> = {}): Promise<AppAnswer> {
    const jwe = await this.encrypt(this.buildCReq(content));
    this.sdkCounter++;
    this.lastJwe = jwe;
    return this.post(jwe);
  }

  /** Posts any body as application/jose and reads the answer (a JWE is decrypted, a CRes's counter checked). */
  async post(body: string): Promise<AppAnswer> {
    const res = await fetch(`${this.baseUrl}/3ds/challenge`, {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body,
    });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const encrypted = contentType.startsWith('application/jose');
    const message = await this.read(text, contentType);
    if (message.messageType === 'CRes') {
      if (this.enc === 'A128GCM') {
        // EMV 3DS §6.2.4: ACS→SDK GCM IV = 0xFF-filled, last byte acsCounterAtoS.
        const iv = Buffer.from(text.split('.')[2] ?? '', 'base64url');
        if (iv.toString('hex') !== `${'ff'.repeat(11)}${this.acsCounter.toString(16).padStart(2, '0')}`) {
          throw new Error(`unexpected GCM IV ${iv.toString('hex')}`);
        }
      }
      if (message.acsCounterAtoS !== String(this.acsCounter).padStart(3, '0')) {
        throw new Error(`acsCounterAtoS ${String(message.acsCounterAtoS)}, expected ${this.acsCounter}`);
      }
      this.acsCounter++;
    }
    return { status: res.status, contentType, encrypted, message, headers: res.headers };
  }

  /** An answer body as the SDK reads it: a JWE decrypted (and validated), plain JSON parsed and validated. */
  async read(text: string, contentType: string | null): Promise<Record<string, unknown>> {
    const encrypted = (contentType ?? '').startsWith('application/jose');
    const message = encrypted ? await this.#decrypt(text) : (JSON.parse(text) as Record<string, unknown>);
    assertValidOutgoing(message, { deviceChannel: '01', messageCategory: '01' });
    return message;
  }

  async #decrypt(jwe: string): Promise<Record<string, unknown>> {
    if (!this.sessionKey) throw new Error('no session key');
    for (const part of jwe.split('.'))
      if (/[=+/\s]/.test(part)) throw new Error('JWE parts must be base64url without padding');
    const key = this.enc === 'A128GCM' ? this.sessionKey.subarray(16, 32) : this.sessionKey;
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key, { keyManagementAlgorithms: ['dir'] });
    if (protectedHeader.enc !== this.enc) throw new Error(`CRes in ${protectedHeader.enc}, CReq in ${this.enc}`);
    return JSON.parse(Buffer.from(plaintext).toString('utf8')) as Record<string, unknown>;
  }
}
