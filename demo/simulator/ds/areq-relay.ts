import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../src/core/ports.ts';
import type { JsonObject } from '../../../src/protocol/json.ts';
import { parseJsonStrict } from '../../../src/protocol/json.ts';
import { isMessageVersion, SUPPORTED_VERSIONS } from '../../../src/protocol/versions.ts';
import { checkMessage, expectHeader, withHeaderFinding } from '../check.ts';
import { isUuid, stringField } from '../encoding.ts';
import { flowEntry } from '../flow-log.ts';
import { describeFailure, postJson } from '../http.ts';
import { enrichAReq, simulatorErro } from './messages.ts';
import type { DsRecords } from './records.ts';

export const DS_AREQ_PATH = '/demo/ds/areq';
export const DS_RREQ_PATH = '/demo/ds/rreq';

export interface DsDeps {
  /** PUBLIC_URL: the ACS's /3ds/areq and this DS's own dsURL hang off it. */
  publicUrl: string;
  clock: Clock;
}

export interface DsAnswer {
  body: JsonObject;
  headers: Record<string, string>;
}

/**
 * AReq from the 3DS Server: the DS adds its ids (docs/emv-codes.md §1), forwards the AReq to the ACS over HTTP and
 * hands back whatever the ACS answered (ARes or Erro). Problems the DS finds itself are Erros from component D.
 */
export async function relayAReq(deps: DsDeps, records: DsRecords, text: string): Promise<DsAnswer> {
  const parsed = parseJsonStrict(text);
  if (!parsed.ok && parsed.kind === 'syntax')
    return refuse('101', 'message', undefined, 'message is not a JSON object');
  const areq = parsed.value;
  if (!parsed.ok) return refuse('204', parsed.path, areq);
  if (areq.messageType !== 'AReq') return refuse('101', 'messageType', areq);
  const version = areq.messageVersion;
  if (version === undefined) return refuse('201', 'messageVersion', areq);
  if (!isMessageVersion(version)) return refuse('102', SUPPORTED_VERSIONS.join(','), areq);
  const threeDSServerTransID = areq.threeDSServerTransID;
  if (!isUuid(threeDSServerTransID)) {
    return refuse(threeDSServerTransID === undefined ? '201' : '203', 'threeDSServerTransID', areq);
  }

  const dsTransID = randomUUID();
  const forwarded = enrichAReq(areq, { dsTransID, dsURL: `${deps.publicUrl}${DS_RREQ_PATH}` });
  const record = records.open(threeDSServerTransID);
  const entry = flowEntry(deps.clock.now(), 'ds', 'ds→acs', forwarded);
  Object.assign(record, {
    dsTransID,
    acsTransID: undefined,
    messageVersion: version,
    areq: entry.body,
    threeDSServerURL: stringField(areq, 'threeDSServerURL'),
    rreq: undefined,
    rres: undefined,
  });
  record.entries.push(entry);

  // 2.3.1: the AReq from the DS carries X-Request-ID = dsTransID (docs/emv-codes.md §1).
  const headers: Record<string, string> = version === '2.3.1' ? { 'X-Request-ID': dsTransID } : {};
  const result = await postJson(`${deps.publicUrl}/3ds/areq`, forwarded, { headers, timeoutMs: 10_000 });
  if (!result.ok) {
    const erro = simulatorErro('D', '405', 'ACS', forwarded, `the ACS ${describeFailure(result)}`);
    record.entries.push(flowEntry(deps.clock.now(), 'ds', 'ds→3ds-server', { ...erro }));
    return { body: { ...erro }, headers: {} };
  }
  const answer = result.body;
  record.acsTransID = stringField(answer, 'acsTransID');
  const check = withHeaderFinding(
    checkMessage(answer, version, forwarded),
    expectHeader(version, result.headers, 'X-Request-ID', dsTransID) ??
      (answer.messageType === 'ARes'
        ? expectHeader(version, result.headers, 'X-Response-ID', record.acsTransID)
        : undefined),
  );
  record.entries.push(flowEntry(deps.clock.now(), 'ds', 'acs→ds', answer, { check }));
  return { body: answer, headers: {} };

  function refuse(code: '101' | '102' | '201' | '203' | '204', detail: string, received?: JsonObject, why?: string) {
    return { body: { ...simulatorErro('D', code, detail, received, why) }, headers: {} };
  }
}
