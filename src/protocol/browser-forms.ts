import { type CompiledObject, compiledObjectTable, UNKNOWN_COLUMN } from './compile.ts';
import type { JsonObject } from './json.ts';
import { highestVersion } from './versions.ts';
import { type Findings, formatPass, structurePass } from './walk.ts';

/**
 * What the browser posts to us, checked against fields.json like a message: the 3DS Method's
 * `threeDSMethodData` (objects.ThreeDSMethodData: threeDSServerTransID, threeDSMethodNotificationURL ≤ 2,048)
 * and the challenge form (objects.ChallengeForm: creq, threeDSSessionData ≤ 1,024 base64url). The rows are
 * the same in every version, so one compiled table serves all. (EMV 3DS §5.8, Table A.1 / A.2 form fields.)
 */
export type FormCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly errorCode: '201' | '203'; readonly field: string };

const VERSION = highestVersion();
const METHOD_DATA = compiledObjectTable('ThreeDSMethodData', VERSION);
const CHALLENGE_FORM = compiledObjectTable('ChallengeForm', VERSION);
const RESULT_FORM = compiledObjectTable('ResultForm', VERSION);
const OK: FormCheck = Object.freeze({ ok: true });

function check(table: CompiledObject, value: JsonObject): FormCheck {
  const findings: Findings = {
    repeated: undefined,
    missing: undefined,
    invalid: undefined,
    reserved: undefined,
    badIso: undefined,
  };
  const walk = { root: value, context: undefined, column: UNKNOWN_COLUMN, strict: false, findings };
  structurePass(table, value, walk);
  if (findings.missing !== undefined) return { ok: false, errorCode: '201', field: findings.missing.join(',') };
  formatPass(table, value, walk);
  const invalid = findings.invalid ?? findings.reserved ?? findings.badIso;
  return invalid === undefined ? OK : { ok: false, errorCode: '203', field: invalid.join(',') };
}

/** The decoded `threeDSMethodData` JSON. */
export function checkMethodData(data: JsonObject): FormCheck {
  return check(METHOD_DATA, data);
}

type FormFields = Readonly<Record<string, string | undefined>>;

/** Only the named fields; an empty one counts as not sent (a merchant's empty hidden input). */
function pick(form: FormFields, names: readonly string[]): JsonObject {
  const fields: JsonObject = {};
  for (const name of names) {
    const value = form[name];
    if (value !== undefined && value !== '') fields[name] = value;
  }
  return fields;
}

/** The browser CReq form: `creq` and the optional `threeDSSessionData`, as posted. */
export function checkChallengeForm(form: FormFields): FormCheck {
  return check(CHALLENGE_FORM, pick(form, ['creq', 'threeDSSessionData']));
}

/** The form our final page posts to the notificationURL: `cres` and `threeDSSessionData` when there was one. */
export function checkResultForm(form: FormFields): FormCheck {
  return check(RESULT_FORM, pick(form, ['cres', 'threeDSSessionData']));
}
