import type { JsonObject } from '../../../src/protocol/json.ts';
import { stringField } from '../encoding.ts';
import type { ServerTransaction } from './transactions.ts';

/** Plain-language outcomes the result page explains (transStatus / reason per docs/emv-codes.md §3, §4, §7, §11). */
export type OutcomeKind =
  | 'authenticated'
  | 'attempts'
  | 'cancelled'
  | 'too_many_attempts'
  | 'timed_out'
  | 'not_enrolled'
  | 'not_allowed'
  | 'card_closed'
  | 'no_card_record'
  | 'card_expired'
  | 'authentication_failed'
  | 'not_authenticated'
  | 'rejected'
  | 'unavailable'
  | 'erro'
  | 'ds_unreachable'
  | 'challenge_pending';

export interface Outcome {
  kind: OutcomeKind;
  /** Which message the figures come from: the ARes (frictionless), the RReq, or the CRes while the RReq is awaited. */
  source: 'ARes' | 'RReq' | 'CRes' | 'Erro' | undefined;
  challenged: boolean;
  /** A challenge ended (CRes seen) but the RReq with ECI/CAVV has not arrived yet. */
  awaitingRReq: boolean;
  transStatus?: string;
  transStatusReason?: string;
  eci?: string;
  authenticationValue?: string;
  challengeCancel?: string;
  errorCode?: string;
  errorDetail?: string;
}

export function outcomeOf(txn: ServerTransaction, rreqSeenByDs: JsonObject | undefined): Outcome {
  const ares = txn.ares;
  if (!ares)
    return {
      kind: txn.failure ? 'ds_unreachable' : 'challenge_pending',
      source: undefined,
      challenged: false,
      awaitingRReq: false,
    };
  if (ares.messageType === 'Erro') return erroOutcome(ares, false);
  if (ares.transStatus !== 'C') return { ...figures(ares, 'ARes'), challenged: false, awaitingRReq: false };
  const cres = txn.cres;
  if (cres?.messageType === 'Erro') return erroOutcome(cres, true);
  const rreq = txn.rreq ?? rreqSeenByDs;
  if (rreq) return { ...figures(rreq, 'RReq'), challenged: true, awaitingRReq: false };
  if (cres) return { ...figures(cres, 'CRes'), challenged: true, awaitingRReq: true };
  return { kind: 'challenge_pending', source: undefined, challenged: true, awaitingRReq: false };
}

function erroOutcome(erro: JsonObject, challenged: boolean): Outcome {
  return {
    kind: 'erro',
    source: 'Erro',
    challenged,
    awaitingRReq: false,
    ...pick(erro, ['errorCode', 'errorDetail']),
  };
}

function figures(message: JsonObject, source: 'ARes' | 'RReq' | 'CRes'): Omit<Outcome, 'challenged' | 'awaitingRReq'> {
  const values = pick(message, ['transStatus', 'transStatusReason', 'eci', 'authenticationValue', 'challengeCancel']);
  return { kind: classify(values), source, ...values };
}

function pick<K extends string>(message: JsonObject, names: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const name of names) {
    const value = stringField(message, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function classify(v: Partial<Record<'transStatus' | 'transStatusReason' | 'challengeCancel', string>>): OutcomeKind {
  const reason = v.transStatusReason;
  switch (v.transStatus) {
    case 'Y':
      return 'authenticated';
    case 'A':
      return 'attempts';
    case 'U':
      return 'unavailable';
    case 'R':
      return reason === '08' ? 'card_closed' : 'rejected';
    case 'N':
      if (v.challengeCancel === '01') return 'cancelled';
      if (reason === '19') return 'too_many_attempts';
      if (reason === '14' || v.challengeCancel === '04' || v.challengeCancel === '05') return 'timed_out';
      if (reason === '13') return 'not_enrolled';
      if (reason === '12') return 'not_allowed';
      if (reason === '08') return 'no_card_record';
      if (reason === '05') return 'card_expired';
      if (reason === '01') return 'authentication_failed';
      return 'not_authenticated';
    default:
      return 'not_authenticated';
  }
}
