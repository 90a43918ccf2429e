import type { RiskEvidence } from './risk-evidence.ts';

/**
 * The evidence snapshot of a case (stored as JSON in `investigation_evidence`): plain strings, instants as
 * ISO 8601 UTC, phone numbers only masked, message bodies reduced to the members an investigator reads.
 */
export interface MessageEvidence {
  at: string;
  direction: 'in' | 'out';
  type: string;
  fields: Record<string, string>;
}

export interface TransactionEvidence {
  acsTransId: string;
  at: string;
  merchantName: string | null;
  amount: string | null;
  currency: string | null;
  exponent: string | null;
  messageVersion: string;
  deviceChannel: string;
  state: string;
  transStatus: string | null;
  transStatusReason: string | null;
  eci: string | null;
  /** First and last four characters only. */
  cavv: string | null;
  /** EMV authenticationType: the challenge method (02 = dynamic code, our SMS one-time password). */
  authenticationType: string | null;
  challengeCancel: string | null;
  browserIp: string | null;
  browserUserAgent: string | null;
  browserLanguage: string | null;
  otpSends: number;
  otpFailures: number;
  events: { at: string; from: string | null; to: string; detail: string | null }[];
  messages: MessageEvidence[];
  otpCodes: { createdAt: string; expiresAt: string; usedAt: string | null; supersededAt: string | null }[];
  sms: {
    at: string;
    toMasked: string;
    status: string;
    provider: string | null;
    error: string | null;
    updatedAt: string;
  }[];
  /** 3DS Method data (EMV 3DS 2.2 §5.8), flattened. */
  device: { recordedAt: string; facts: Record<string, string> } | null;
  /**
   * The member's passkey that approved the purchase instead of the SMS code (docs/passkeys.md); absent in
   * snapshots taken before passkeys existed.
   */
  passkey?: PasskeyEvidence | null;
  /** Why the ACS answered as it did (issue #20); absent in snapshots taken before risk-based authentication. */
  risk?: RiskEvidence | null;
}

/** Which authenticator approved a disputed purchase (terms art. 5-3): name, registration, uses. */
export interface PasskeyEvidence {
  name: string;
  registeredAt: string;
  approvedAt: string;
  lastUsedAt: string | null;
  disabledAt: string | null;
}

export interface PhoneEvidence {
  masked: string;
  verifiedBy: string;
  boundBy: string;
  boundAt: string;
  unboundAt: string | null;
  unboundReason: string | null;
}

export interface TermsEvidence {
  /** The acsTransID, or the case-transaction id of a purchase we never saw. */
  transaction: string;
  at: string;
  version: string | null;
  effectiveAt: string | null;
  acceptedAt: string | null;
}

export interface EvidenceSnapshot {
  gatheredAt: string;
  transactions: TransactionEvidence[];
  phone: {
    current: PhoneEvidence | null;
    history: PhoneEvidence[];
    changes: { changedAt: string; cooldownUntil: string }[];
  };
  lostStolen: { at: string; from: string; to: string; reason: string | null; actor: string }[];
  statementNotices: { noticeDate: string; channel: 'email' | 'post' }[];
  terms: TermsEvidence[];
}
