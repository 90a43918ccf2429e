import type { EnrollmentState } from './enrollment.ts';

/**
 * The AReq decision: what the ACS answers for this card and cardholder. Pure and table-driven; the
 * table is documented in docs/decision.md. transStatusReason codes: EMV 3DS 2.2 (docs/emv-codes.md §4).
 */
export interface DecisionInput {
  deviceChannel: string; // 01 APP, 02 BRW, 03 3RI
  messageCategory: string; // 01 PA, 02 NPA
  messageVersion: string;
  /** Current month in Japan time as YYMM, to compare with the card expiry. */
  currentYymm: string;
  card: { status: 'active' | 'closed'; expiry: string } | undefined;
  member: { status: 'active' | 'suspended'; enrollment: EnrollmentState; hasPhone: boolean } | undefined;
  /** Whole-service or this-scope suspension (terms art. 11), and whether SMS sending is paused. */
  suspension: { acs: boolean; sms: boolean };
  unenrolledPolicy: 'reject' | 'attempts';
  /** 2.2+: threeDSRequestorChallengeInd; a challenge is never issued for 06 (data share only). */
  challengeIndicators: readonly string[];
  /**
   * App channel (01): whether the SDK can draw our challenge, the native text UI (deviceRenderOptions:
   * sdkInterface 01 or 03 and sdkUiType with 01). Ignored for the other channels.
   */
  appNativeTextUi?: boolean;
}

export type Decision =
  | { kind: 'challenge' }
  | { kind: 'frictionless' } // Y, ECI 05, CAVV: the risk policy let a challenge go (src/core/risk/, docs/risk.md)
  | { kind: 'attempts' } // A, ECI 06, attempts CAVV
  | { kind: 'reject'; transStatus: 'N' | 'U' | 'R'; reason: TransStatusReason; why: RejectWhy };

export type TransStatusReason = '03' | '05' | '08' | '11' | '12' | '13' | '21' | '22';
export type RejectWhy =
  | 'app_ui_unsupported'
  | '3ri_unsupported'
  | 'service_suspended'
  | 'sms_suspended'
  | 'no_card_record'
  | 'card_closed'
  | 'card_expired'
  | 'member_suspended'
  | 'locked_lost_stolen'
  | 'restricted'
  | 'deregistered'
  | 'not_enrolled'
  | 'data_share_only'
  | 'suspected_fraud';

const reject = (transStatus: 'N' | 'U' | 'R', reason: TransStatusReason, why: RejectWhy): Decision => ({
  kind: 'reject',
  transStatus,
  reason,
  why,
});

export function decide(input: DecisionInput): Decision {
  // Order matters: service state first (nothing else can be checked while suspended), then the channel,
  // then the card, then the cardholder, and last whether the challenge can be shown at all.
  if (input.suspension.acs) return reject('U', '22', 'service_suspended');
  if (input.deviceChannel === '03') return reject('N', '21', '3ri_unsupported');
  const { card, member } = input;
  if (!card || !member) return reject('N', '08', 'no_card_record');
  if (card.status === 'closed') return reject('R', '08', 'card_closed');
  if (card.expiry < input.currentYymm) return reject('N', '05', 'card_expired');
  if (member.status === 'suspended') return reject('N', '12', 'member_suspended');
  switch (member.enrollment) {
    case 'locked':
      // terms art. 2-2: a lost/stolen phone stops authentication at once; never an attempt, never a challenge.
      return reject('N', '12', 'locked_lost_stolen');
    case 'restricted':
      return reject('N', '12', 'restricted');
    case 'deregistered':
    case 'not_enrolled':
      if (input.unenrolledPolicy === 'attempts' && input.messageCategory === '01') return { kind: 'attempts' };
      return reject('N', '13', member.enrollment === 'deregistered' ? 'deregistered' : 'not_enrolled');
    case 'enrolled':
      break;
  }
  if (!member.hasPhone) return reject('N', '13', 'not_enrolled');
  if (input.challengeIndicators.includes('06')) return reject('N', '12', 'data_share_only');
  if (input.suspension.sms) return reject('U', '22', 'sms_suspended');
  // An SDK that cannot draw native text screens cannot show our e-net ID and code entry: "device not supported".
  if (input.deviceChannel === '01' && input.appNativeTextUi !== true) return reject('N', '03', 'app_ui_unsupported');
  return { kind: 'challenge' };
}
