import { erroForFailure } from '../../../src/protocol/erro.ts';
import { validateMessageText } from '../../../src/protocol/incoming.ts';
import type { JsonObject } from '../../../src/protocol/json.ts';
import { parseJsonStrict } from '../../../src/protocol/json.ts';
import { expectHeader } from '../check.ts';
import { isUuid, stringField } from '../encoding.ts';
import { flowEntry } from '../flow-log.ts';
import { postJson } from '../http.ts';
import type { DsAnswer, DsDeps } from './areq-relay.ts';
import { buildRRes, rresHeaders, simulatorErro } from './messages.ts';
import type { DsRecords, DsTransaction } from './records.ts';

/** Path under which the 3DS Server simulator listens; the DS forwards RReqs only there (never to any URL). */
export const SIMULATED_3DS_SERVER_PREFIX = '/demo/3ds-server/';

/**
 * RReq from the ACS (docs/emv-codes.md §1, §13 step 5): validated with our own tables against the transaction's AReq,
 * forwarded to the 3DS Server's threeDSServerURL when that is the simulator, and answered with the RRes.
 * An RReq for a transaction this DS never saw is still accepted: DS_RREQ_URL points here by default, so
 * AReqs sent to the ACS directly (tests, scripts) end here too.
 */
export async function relayRReq(
  deps: DsDeps,
  records: DsRecords,
  text: string,
  requestHeaders: Record<string, string | undefined>,
): Promise<DsAnswer> {
  const parsed = parseJsonStrict(text);
  const peek = parsed.ok || parsed.kind === 'duplicate' ? parsed.value : undefined;
  const id = stringField(peek, 'threeDSServerTransID');
  const known = isUuid(id) ? records.get(id) : undefined;
  const context: JsonObject = known?.areq ?? {
    deviceChannel: peek?.sdkTransID === undefined ? '02' : '01',
    messageCategory: peek?.messageCategory,
  };
  const requestId = requestHeaders['x-request-id'];
  const checked = validateMessageText(text, { messageType: 'RReq', context });
  if (!checked.ok) {
    const check = { ok: false, detail: `${checked.errorCode} ${checked.errorDetail}` };
    known?.entries.push(flowEntry(deps.clock.now(), 'ds', 'acs→ds', checked.message ?? {}, { label: 'RReq', check }));
    const erro: JsonObject = { ...erroForFailure(checked, checked.message), errorComponent: 'D' };
    return answer(known, checked.message, erro, requestId, undefined);
  }
  const rreq = checked.message;
  const mismatch = known && transactionMismatch(known, rreq);
  if (mismatch) {
    const erro = simulatorErro('D', mismatch.code, mismatch.field, rreq);
    return answer(known, rreq, { ...erro }, requestId, undefined);
  }
  if (known?.rres && JSON.stringify(known.rreq) === JSON.stringify(rreq)) {
    // The ACS retries an RReq it got no answer to with the same content: answer the same RRes, once more.
    known.entries.push(flowEntry(deps.clock.now(), 'ds', 'acs→ds', rreq, { note: 'repeated RReq (delivery retry)' }));
    return answer(known, rreq, known.rres, requestId, 'the same RRes again');
  }
  const record = known ?? (isUuid(id) ? records.open(id) : undefined);
  const headerFinding = expectHeader(
    rreq.messageVersion,
    requestHeaders,
    'X-Request-ID',
    stringField(rreq, 'acsTransID'),
  );
  record?.entries.push(
    flowEntry(deps.clock.now(), 'ds', 'acs→ds', rreq, {
      check: headerFinding ? { ok: false, detail: headerFinding } : { ok: true },
    }),
  );
  if (record) record.rreq = rreq;
  const forwarded = await forwardToServer(deps, record, rreq);
  return answer(record, rreq, forwarded.body, requestId, forwarded.note);

  function answer(
    target: DsTransaction | undefined,
    received: JsonObject | undefined,
    body: JsonObject,
    reqId: string | undefined,
    note: string | undefined,
  ): DsAnswer {
    if (target) {
      if (body.messageType === 'RRes') target.rres = body;
      target.entries.push(flowEntry(deps.clock.now(), 'ds', 'ds→acs', body, note === undefined ? {} : { note }));
    }
    return { body, headers: rresHeaders(received?.messageVersion, reqId, received ?? body) };
  }
}

/** docs/emv-codes.md §5: ids that do not belong to the transaction are 301; 2.3.1 also refuses a changed version. */
function transactionMismatch(
  known: DsTransaction,
  rreq: JsonObject,
): { code: '203' | '301'; field: string } | undefined {
  if (known.messageVersion && rreq.messageVersion !== known.messageVersion) {
    return { code: '203', field: 'messageVersion' };
  }
  if (known.dsTransID && rreq.dsTransID !== known.dsTransID) return { code: '301', field: 'dsTransID' };
  if (known.acsTransID && rreq.acsTransID !== known.acsTransID) return { code: '301', field: 'acsTransID' };
  return undefined;
}

/** The RRes comes from the 3DS Server when it is the simulator; otherwise the DS answers it itself. */
async function forwardToServer(
  deps: DsDeps,
  record: DsTransaction | undefined,
  rreq: JsonObject,
): Promise<{ body: JsonObject; note?: string }> {
  const target = record?.threeDSServerURL;
  if (!target?.startsWith(`${deps.publicUrl}${SIMULATED_3DS_SERVER_PREFIX}`)) {
    return { body: buildRRes(rreq), note: 'RRes from the DS (no simulated 3DS Server for this transaction)' };
  }
  const result = await postJson(target, rreq, { timeoutMs: 5_000 });
  if (result.ok && (result.body.messageType === 'RRes' || result.body.messageType === 'Erro')) {
    return { body: result.body, note: 'relayed from the 3DS Server' };
  }
  return { body: buildRRes(rreq), note: 'RRes from the DS: the 3DS Server did not answer' };
}
