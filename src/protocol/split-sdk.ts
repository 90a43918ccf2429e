import { isJsonObject, type JsonObject } from './json.ts';
import { versionHas } from './versions.ts';

/**
 * EMV 3DS split-SDK rules (from 2.3.1) (sdkType 02, Table A.1 splitSdkType):
 *  - §6.2.4.1, §5.9.5: a split SDK protects its CReqs with A128GCM only; anything else is Erro 310;
 *  - a limited split SDK (splitSdkType.limitedInd Y) cannot run static-passcode (01) or KBA (06)
 *    challenges, so an ARes or RReq for it must not name those authenticationMethod codes.
 */
export function isSplitSdk(areq: JsonObject | undefined): boolean {
  return (
    typeof areq?.messageVersion === 'string' && versionHas(areq.messageVersion, 'splitSdk') && areq.sdkType === '02'
  );
}

function isLimitedSplitSdk(areq: JsonObject | undefined): boolean {
  const split = areq?.splitSdkType;
  return isSplitSdk(areq) && isJsonObject(split) && split.limitedInd === 'Y';
}

const NOT_FOR_LIMITED_SPLIT_SDK: ReadonlySet<unknown> = new Set(['01', '06']);

/** 'authenticationMethod' when an ARes/RReq names 01 or 06 for a limited split SDK, else undefined. */
export function limitedSplitSdkViolation(message: JsonObject, areq: JsonObject | undefined): string | undefined {
  const methods = message.authenticationMethod;
  if (!Array.isArray(methods) || !isLimitedSplitSdk(areq)) return undefined;
  return methods.some((m) => NOT_FOR_LIMITED_SPLIT_SDK.has(m)) ? 'authenticationMethod' : undefined;
}
