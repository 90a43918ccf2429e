import {
  type AuthenticationExtensionsClientInputs,
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { z } from 'zod';

/**
 * The relying party, from PUBLIC_URL: its host is the RP id and its origin the only origin a response may come
 * from, so a passkey made for the issuer's page answers nothing on a look-alike site (the phishing resistance the
 * SMS code lacks). All CBOR/COSE work is @simplewebauthn/server's; nothing here parses authenticator data.
 */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export function relyingPartyOf(config: { PUBLIC_URL: string; ISSUER_NAME: string }): RelyingParty {
  const url = new URL(config.PUBLIC_URL);
  return { id: url.hostname, origin: url.origin, name: config.ISSUER_NAME };
}

/** A ceremony waits at most this long for the authenticator (the browser's timeout hint too). */
export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

export function newChallenge(): string {
  return isoBase64URL.fromBuffer(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * A payment passkey (the member's SPC opt-in) is created with the WebAuthn `payment` extension, the relying
 * party's consent to its use on a merchant's page; browsers take it only from a platform authenticator.
 * The library passes extensions through as given (its type does not list `payment`).
 */
const PAYMENT_EXTENSION: AuthenticationExtensionsClientInputs & { payment: { isPayment: true } } = {
  payment: { isPayment: true },
};

export function registrationOptions(
  rp: RelyingParty,
  input: {
    enetId: string;
    displayName: string;
    challenge: string;
    exclude: { id: string; transports: string[] }[];
    payment: boolean;
  },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: input.enetId,
    // No userID: the library makes a random handle, so the handle says nothing about the member.
    userDisplayName: input.displayName,
    challenge: isoBase64URL.toBuffer(input.challenge),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: input.exclude,
    authenticatorSelection: {
      residentKey: 'preferred',
      userVerification: 'required',
      ...(input.payment ? { authenticatorAttachment: 'platform' } : {}),
    },
    ...(input.payment ? { extensions: PAYMENT_EXTENSION } : {}),
  });
}

export function authenticationOptions(
  rp: RelyingParty,
  input: { challenge: string; allow: { id: string; transports: string[] }[] },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: isoBase64URL.toBuffer(input.challenge),
    timeout: CEREMONY_TIMEOUT_MS,
    allowCredentials: input.allow,
    userVerification: 'required',
  });
}

/** The shape the browser posts back (JSON of a PublicKeyCredential), checked before the library sees it. */
const b64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/)
  .max(8192);
const registrationSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(8).optional(),
  }),
  clientExtensionResults: z.object({}).passthrough().default({}),
});
const authenticationSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  clientExtensionResults: z.object({}).passthrough().default({}),
});

function parseJson(text: string | undefined): unknown {
  if (!text || text.length > 32_768) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function parseRegistrationResponse(text: string | undefined): RegistrationResponseJSON | undefined {
  const parsed = registrationSchema.safeParse(parseJson(text));
  return parsed.success ? (parsed.data as RegistrationResponseJSON) : undefined;
}

export function parseAuthenticationResponse(text: string | undefined): AuthenticationResponseJSON | undefined {
  const parsed = authenticationSchema.safeParse(parseJson(text));
  return parsed.success ? (parsed.data as AuthenticationResponseJSON) : undefined;
}

export interface VerifiedCredential {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
}

/** Verifies a registration: our challenge, our origin and RP id, user verification done, attestation `none`. */
export async function verifyRegistration(
  rp: RelyingParty,
  response: RegistrationResponseJSON,
  challenge: string,
): Promise<VerifiedCredential | undefined> {
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    if (!result.verified) return undefined;
    const { credential } = result.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: response.response.transports ?? [],
    };
  } catch {
    // A malformed or forged response is a refusal, never a 500.
    return undefined;
  }
}

/**
 * Verifies an assertion against the stored credential: challenge, origin, RP id, user verification, signature,
 * and the counter (the library refuses a counter that did not grow when either side is non-zero).
 */
export async function verifyAssertion(
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  challenge: string,
  stored: { credentialId: string; publicKey: string; counter: number; transports: string[] },
): Promise<{ newCounter: number } | undefined> {
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: stored.credentialId,
        publicKey: isoBase64URL.toBuffer(stored.publicKey),
        counter: stored.counter,
        transports: stored.transports as never,
      },
    });
    return result.verified ? { newCounter: result.authenticationInfo.newCounter } : undefined;
  } catch {
    return undefined;
  }
}
