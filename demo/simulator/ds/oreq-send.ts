import { randomUUID } from 'node:crypto';
import { OREQ_PATH } from '../../../src/protocol/exchanges/oreq.ts';
import type { JsonObject } from '../../../src/protocol/json.ts';
import { checkMessage, expectHeader, withHeaderFinding } from '../check.ts';
import type { MessageCheck } from '../flow-log.ts';
import { describeFailure, postJson } from '../http.ts';
import { DS_REFERENCE_NUMBER } from './messages.ts';

/** An OReq the DS simulator broadcasts (EMV 3DS 2.3.1 Seq 5.25, Table B.10): a planned-maintenance notice. */
export function buildOReq(changes: JsonObject = {}): JsonObject {
  return {
    messageType: 'OReq',
    messageVersion: '2.3.1',
    dsTransID: randomUUID(),
    dsReferenceNumber: DS_REFERENCE_NUMBER,
    broadInfo: {
      category: '01',
      severity: '02',
      recipients: ['02'],
      source: '01',
      description: 'DS simulator: planned maintenance notice',
    },
    ...changes,
  };
}

export interface OReqExchange {
  oreq: JsonObject;
  /** The ACS's ORes or Erro; undefined when the ACS could not be reached. */
  answer: JsonObject | undefined;
  /** The answer checked against the tables, with the Table A.29 headers. */
  check: MessageCheck;
}

/** Sends one OReq to the ACS at `${acsUrl}/3ds/oreq` with X-Request-ID = dsTransID, and checks the answer. */
export async function sendOReq(acsUrl: string, oreq: JsonObject = buildOReq()): Promise<OReqExchange> {
  const dsTransID = typeof oreq.dsTransID === 'string' ? oreq.dsTransID : undefined;
  const headers: Record<string, string> = dsTransID ? { 'X-Request-ID': dsTransID } : {};
  const result = await postJson(`${acsUrl}${OREQ_PATH}`, oreq, { headers, timeoutMs: 10_000 });
  if (!result.ok)
    return { oreq, answer: undefined, check: { ok: false, detail: `the ACS ${describeFailure(result)}` } };
  const answer = result.body;
  const acsTransID = typeof answer.acsTransID === 'string' ? answer.acsTransID : undefined;
  const check = withHeaderFinding(
    checkMessage(answer, '2.3.1', undefined),
    expectHeader('2.3.1', result.headers, 'X-Request-ID', dsTransID) ??
      expectHeader('2.3.1', result.headers, 'X-Response-ID', acsTransID),
  );
  return { oreq, answer, check };
}
