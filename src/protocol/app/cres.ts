import type { ChallengeNotice, CResTransaction } from '../../core/challenge-view.ts';
import { truncate } from '../formats.ts';
import type { OutgoingMessage } from '../outgoing.ts';
import { type MessageVersion, versionHas } from '../versions.ts';
import { type AppLang, isWarning, type ScreenFacts, screenTexts } from './texts.ts';

/**
 * The app CRes (before encryption), native text UI (acsUiType 01). A screen CRes carries
 * challengeCompletionInd N and the texts the SDK draws; the final one carries Y and the transStatus.
 */

/** acsCounterAtoS / sdkCounterStoA: three decimal digits (fields.json format counter3). */
export function counter3(value: number): string {
  return String(value).padStart(3, '0');
}

function ids(txn: CResTransaction, acsCounterAtoS: number): OutgoingMessage {
  return {
    messageType: 'CRes',
    messageVersion: txn.message_version,
    threeDSServerTransID: txn.three_ds_server_trans_id,
    acsTransID: txn.acs_trans_id,
    sdkTransID: txn.sdk_trans_id ?? '',
    acsCounterAtoS: counter3(acsCounterAtoS),
  };
}

export interface ScreenInput {
  txn: CResTransaction;
  acsCounterAtoS: number;
  lang: AppLang;
  facts: ScreenFacts;
  notice: ChallengeNotice | undefined;
}

const MAX_TEXT = 256; // challengeInfoText: 350 in the tables, 256 kept for the 2.1.0 SDKs (docs/emv-codes.md §10)
const MAX_LABEL = 45;

export function buildAppScreenCRes(input: ScreenInput): OutgoingMessage {
  const version = input.txn.message_version as MessageVersion;
  const t = screenTexts(input.lang, input.facts, input.notice);
  const label = truncate(t.label, MAX_LABEL);
  const code = input.facts.step === 'code';
  // From 2.3.1 the entry field is described in challengeEntryBox; 2.1.0/2.2.0 name it with challengeInfoLabel.
  const field: OutgoingMessage = versionHas(version, 'challengeEntryBox')
    ? {
        challengeEntryBox: {
          challengeDataEntryLabel: label,
          challengeDataEntryKeyboardType: code ? '01' : '02',
          challengeDataEntryLengthMax: code ? '06' : '45',
          challengeDataEntryMasking: 'N',
          ...(code ? { challengeDataEntryAutofill: 'Y', challengeDataEntryAutofillType: '01' } : {}),
        },
      }
    : { challengeInfoLabel: label };
  return {
    ...ids(input.txn, input.acsCounterAtoS),
    challengeCompletionInd: 'N',
    acsUiType: '01',
    challengeInfoHeader: truncate(t.header, MAX_LABEL),
    ...field,
    challengeInfoText: truncate(t.text, MAX_TEXT),
    challengeInfoTextIndicator: isWarning(input.notice) ? 'Y' : 'N',
    submitAuthenticationLabel: truncate(t.submit, MAX_LABEL),
    ...(t.resend ? { resendInformationLabel: truncate(t.resend, MAX_LABEL) } : {}),
    whyInfoLabel: truncate(t.whyLabel, MAX_LABEL),
    whyInfoText: truncate(t.whyText, MAX_TEXT),
    ...(t.expandLabel && t.expandText
      ? { expandInfoLabel: truncate(t.expandLabel, MAX_LABEL), expandInfoText: truncate(t.expandText, MAX_TEXT) }
      : {}),
  };
}

/** The last CRes: challengeCompletionInd Y and the outcome (only Y or N; the CAVV goes in the RReq). */
export function buildAppFinalCRes(txn: CResTransaction, acsCounterAtoS: number): OutgoingMessage {
  return {
    ...ids(txn, acsCounterAtoS),
    challengeCompletionInd: 'Y',
    transStatus: txn.trans_status === 'Y' ? 'Y' : 'N',
  };
}
