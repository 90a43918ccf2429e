import { formatAmount } from '../../core/format.ts';
import { type AppCReqAction, type AppReply, answerAppCReq } from '../../features/authentication/challenge/app.ts';
import type { ChallengeDeps } from '../../features/authentication/challenge/deps.ts';
import { decryptFromSdk, encryptForSdk, isAppJweEncryption, readJweHeader } from '../../infra/crypto/app-jwe.ts';
import { sessionKeyContext } from '../../infra/crypto/app-session.ts';
import { loggedAReqBody } from '../../storage/repositories/message-log.ts';
import { findTransaction } from '../../storage/repositories/transactions.ts';
import type { TransactionRow } from '../../storage/schema.ts';
import { buildAppFinalCRes, buildAppScreenCRes } from '../app/cres.ts';
import { buildErro, type ErroMessage, type ErrorCode, erroForFailure } from '../erro.ts';
import { validateMessageText } from '../incoming.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import { isSplitSdk } from '../split-sdk.ts';
import { type MessageVersion, versionHas } from '../versions.ts';

/**
 * POST /3ds/challenge with `application/jose`: the app CReq → CRes exchange (EMV 3DS §5.x app-based challenge,
 * §6.2.4 message protection). The answer is always HTTP 200:
 *  - the CRes, as a JWE under the session key, in the CReq's encryption;
 *  - an Erro in the same JWE form once the CReq has been decrypted (invalid message, wrong ids, counter);
 *  - an Erro as plain JSON before that (not a JWE, unknown kid, no app challenge, wrong algorithm, a JWE that
 *    does not open): we cannot, or must not, encrypt to whoever sent it. None of these changes anything.
 */
export interface AppCReqReply {
  body: string;
  contentType: 'application/jose' | 'application/json; charset=utf-8';
  headers: Record<string, string>;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export async function processAppCReq(
  deps: ChallengeDeps,
  text: string,
  clientIp: string,
  requestIdHeader: string | undefined,
): Promise<AppCReqReply> {
  let txn: TransactionRow | undefined;
  try {
    const jwe = text.trim();
    const header = readJweHeader(jwe);
    if (!header) return plain(erro('302', 'JWE', undefined), requestIdHeader);
    const kid = typeof header.kid === 'string' && UUID.test(header.kid) ? header.kid : undefined;
    txn = kid ? await findTransaction(deps.db, kid) : undefined;
    if (!txn) return plain(erro('301', 'kid', undefined), requestIdHeader);
    const version = txn.message_version as MessageVersion;
    if (txn.device_channel !== '01' || !txn.app_session_key_enc) {
      return plain(erro('305', 'acsTransID', txn, 'no app challenge was issued for this transaction'), requestIdHeader);
    }
    if (header.alg !== 'dir' || !isAppJweEncryption(header.enc)) {
      // 2.3.1 has a code for a disallowed algorithm; before it, a CReq we cannot decrypt is 302.
      const detail = header.alg !== 'dir' ? 'alg' : 'enc';
      return plain(
        erro(versionHas(version, 'disallowedAlgorithmError310') ? '310' : '302', detail, txn),
        requestIdHeader,
      );
    }
    const enc = header.enc;
    if (enc !== 'A128GCM' && versionHas(version, 'splitSdk') && isSplitSdk(await storedAReq(deps, txn.acs_trans_id))) {
      return plain(erro('310', 'enc', txn, 'a split-SDK protects its CReqs with A128GCM'), requestIdHeader);
    }
    const sessionKey = Buffer.from(
      deps.keys.decrypt(txn.app_session_key_enc, sessionKeyContext(txn.acs_trans_id)),
      'base64url',
    );
    const plaintext = await decryptFromSdk(jwe, sessionKey, enc);
    if (plaintext === undefined) return plain(erro('302', 'JWE', txn), requestIdHeader);
    const acsTransID = txn.acs_trans_id;
    const sealed = (message: object, acsCounterAtoS?: number): AppCReqReply => ({
      body: encryptForSdk(JSON.stringify(message), sessionKey, enc, acsTransID, acsCounterAtoS),
      contentType: 'application/jose',
      headers: headers(version, requestIdHeader, acsTransID),
    });
    const checked = validateMessageText(plaintext, {
      messageType: 'CReq',
      messageVersion: version,
      context: { deviceChannel: '01', messageCategory: txn.message_category },
    });
    if (!checked.ok) {
      return sealed(erroForFailure(checked, checked.message, { acsTransID: txn.acs_trans_id, deviceChannel: '01' }));
    }
    const creq = checked.message;
    const problem = mismatch(creq, txn);
    if (problem) return sealed(erro(problem.code, problem.detail, txn));
    const action = actionOf(creq);
    if ('conflict' in action) return sealed(erro('203', action.conflict, txn, 'only one of these may be sent'));
    const reply = await answerAppCReq(deps, txn, Number(creq.sdkCounterStoA), action, clientIp);
    return sealed(...answer(deps, reply, txn));
  } catch (err) {
    deps.logger.error({ err }, 'app CReq processing failed');
    return plain(erro('403', 'ACS', txn, 'transient system failure at the ACS'), requestIdHeader);
  }
}

/** The AReq as logged with the transaction (PAN masked); only its SDK members are read. */
async function storedAReq(deps: ChallengeDeps, acsTransID: string): Promise<JsonObject | undefined> {
  const body = await loggedAReqBody(deps.db, acsTransID);
  return isJsonObject(body) ? body : undefined;
}

/** The CReq must belong to the transaction the JWE names, in its version (docs/emv-codes.md §5: 301, 203). */
function mismatch(creq: JsonObject, txn: TransactionRow): { code: ErrorCode; detail: string } | undefined {
  if (creq.messageVersion !== txn.message_version) return { code: '203', detail: 'messageVersion' };
  if (creq.acsTransID !== txn.acs_trans_id) return { code: '301', detail: 'acsTransID' };
  if (creq.threeDSServerTransID !== txn.three_ds_server_trans_id)
    return { code: '301', detail: 'threeDSServerTransID' };
  if (creq.sdkTransID !== txn.sdk_trans_id) return { code: '301', detail: 'sdkTransID' };
  return undefined;
}

/** Cancel, resend and "nothing entered" exclude each other (docs/emv-codes.md §10: more than one is Erro 203). */
function actionOf(creq: JsonObject): AppCReqAction | { conflict: string } {
  const present = [
    typeof creq.challengeCancel === 'string' && 'challengeCancel',
    creq.resendChallenge === 'Y' && 'resendChallenge',
    creq.challengeNoEntry === 'Y' && 'challengeNoEntry',
  ].filter((name): name is string => typeof name === 'string');
  if (present.length > 1) return { conflict: present.join(',') };
  if (typeof creq.challengeCancel === 'string') return { type: 'cancel', challengeCancel: creq.challengeCancel };
  if (creq.resendChallenge === 'Y') return { type: 'resend' };
  const entry = typeof creq.challengeDataEntry === 'string' && creq.challengeNoEntry !== 'Y';
  return { type: 'entry', value: entry ? String(creq.challengeDataEntry) : undefined };
}

function answer(deps: ChallengeDeps, reply: AppReply, txn: TransactionRow): [object, number?] {
  switch (reply.kind) {
    case 'refused':
      return [erro(reply.errorCode, reply.errorDetail, txn)];
    case 'final':
      return [buildAppFinalCRes(reply.txn, reply.acsCounterAtoS), reply.acsCounterAtoS];
    case 'screen': {
      const { ctx } = reply;
      const lang = reply.txn.app_lang ?? 'ja';
      const { merchant_name, purchase_amount, purchase_currency, purchase_exponent } = reply.txn;
      const cres = buildAppScreenCRes({
        txn: reply.txn,
        acsCounterAtoS: reply.acsCounterAtoS,
        lang,
        notice: reply.notice,
        facts: {
          step: reply.step,
          merchantName: merchant_name ?? '',
          amount: formatAmount(purchase_amount, purchase_currency, purchase_exponent, lang),
          maskedPhone: ctx.maskedPhone ?? '',
          issuerName: lang === 'en' ? ctx.issuerNameEn : ctx.issuerName,
          codeValidityMinutes: Math.round(Math.min(600, deps.config.OTP_TTL_SECONDS) / 60),
        },
      });
      return [cres, reply.acsCounterAtoS];
    }
  }
}

function erro(code: ErrorCode, detail: string, txn: TransactionRow | undefined, description?: string): ErroMessage {
  return buildErro({
    errorCode: code,
    errorDetail: detail,
    ...(description && { errorDescription: description }),
    messageVersion: txn?.message_version,
    errorMessageType: 'CReq',
    ids: txn
      ? {
          acsTransID: txn.acs_trans_id,
          threeDSServerTransID: txn.three_ds_server_trans_id,
          dsTransID: txn.ds_trans_id,
          sdkTransID: txn.sdk_trans_id,
        }
      : {},
    deviceChannel: '01',
  });
}

function plain(message: ErroMessage, requestIdHeader: string | undefined): AppCReqReply {
  return {
    body: JSON.stringify(message),
    contentType: 'application/json; charset=utf-8',
    headers: headers(message.messageVersion, requestIdHeader, message.acsTransID),
  };
}

/** No caching; 2.3.1 echoes the request's X-Request-ID and names our transaction in X-Response-ID, as for the ARes. */
function headers(version: string, requestId: string | undefined, acsTransID: string | undefined) {
  const out: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (versionHas(version, 'requestIdHeaders')) {
    if (requestId && UUID.test(requestId)) out['X-Request-ID'] = requestId;
    if (acsTransID) out['X-Response-ID'] = acsTransID;
  }
  return out;
}
