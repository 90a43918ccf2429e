import { asServiceError, httpStatusOf } from '../../../app/http/errors.ts';
import { DEMO_RISK_POLICY } from '../../../core/risk/policies.ts';
import { allTermsVersions } from '../../../storage/repositories/terms-versions.ts';
import type { Handler, Signed } from '../../console/guard.tsx';
import { type Ctx, withLang } from '../../console/http.ts';
import { FieldError, fmt, Hidden, t } from '../../console/layout.tsx';
import { sendConsolePage } from '../../console/page.tsx';
import { actorOf } from '../../console/service/roles.ts';
import { createRiskPolicyDraft } from '../policy-admin.ts';
import type { RiskRouteKey } from './access.ts';
import { type DraftForm, formValueOf, NUMBER_FIELDS, readDraftForm } from './policy-form-fields.ts';

type Errors = Partial<Record<string, string>>;

/** The form's values before anything is typed: the demo risk policy, a starting point to adjust. */
function startingValues(): DraftForm {
  const values: DraftForm = { name: '', nameEn: '', termsVersionId: '', mode: 'risk', challengeNewDevice: 'on' };
  for (const f of NUMBER_FIELDS) values[f.name] = formValueOf(DEMO_RISK_POLICY, f);
  return values;
}

async function formPage(c: Ctx, s: Signed, values: DraftForm, errors: Errors = {}, status?: number) {
  const l = t(s.lang);
  const terms = await allTermsVersions(s.web.deps.db);
  const idOf = (name: string) => `rp-${name.replace('.', '-')}`;
  const invalid = (name: string) =>
    errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${idOf(name)}-error` } : {};
  const text = (name: 'name' | 'nameEn', label: string) => (
    <div class="field">
      <label for={idOf(name)}>{label}</label>
      <input id={idOf(name)} name={name} maxlength={200} value={values[name] ?? ''} {...invalid(name)} />
      <FieldError id={`${idOf(name)}-error`} text={errors[name]} />
    </div>
  );
  return sendConsolePage(
    c,
    s,
    l('リスク判定ポリシーの案を作成', 'Draft a risk policy'),
    <form method="post" action={withLang(s.lang, '/console/risk')} novalidate>
      <Hidden csrf={s.csrf} />
      <p>
        {l(
          '案は保存されるだけで、有効化には別の管理者の承認と、このポリシーを定める規約の版の施行が必要です。点数は docs/risk.md の表のとおり固定です。',
          'A draft is only stored: activating it needs a second admin and the terms version describing it in force. Signal points are fixed (docs/risk.md).',
        )}
      </p>
      {text('name', l('名称（日本語）', 'Name (Japanese)'))}
      {text('nameEn', l('名称（英語）', 'Name (English)'))}
      <div class="field">
        <label for="rp-termsVersionId">{l('このポリシーを定める規約の版', 'Terms version describing it')}</label>
        <select id="rp-termsVersionId" name="termsVersionId" {...invalid('termsVersionId')}>
          <option value="">{l('なし（すべての取引で認証のみ）', 'None (challenge every purchase only)')}</option>
          {terms.map((v) => (
            <option value={v.id} selected={values.termsVersionId === v.id}>
              {v.version} ({l('施行', 'effective')} {fmt(v.effective_at)})
            </option>
          ))}
        </select>
        <FieldError id="rp-termsVersionId-error" text={errors.termsVersionId} />
      </div>
      <div class="field">
        <label for="rp-mode">{l('方式', 'Mode')}</label>
        <select id="rp-mode" name="mode" {...invalid('mode')}>
          <option value="risk" selected={values.mode === 'risk'}>
            {l('リスクベース認証', 'Risk-based')}
          </option>
          <option value="challenge_all" selected={values.mode === 'challenge_all'}>
            {l('すべての取引で認証（規約第4条）', 'Challenge every purchase (terms art. 4)')}
          </option>
        </select>
        <FieldError id="rp-mode-error" text={errors.mode} />
      </div>
      <p>
        <label>
          <input type="checkbox" name="challengeNewDevice" value="on" checked={values.challengeNewDevice === 'on'} />{' '}
          {l('初めての端末での取引はチャレンジする', 'Challenge the first purchase on a new device')}
        </label>
      </p>
      {NUMBER_FIELDS.map((f) => (
        <div class="field">
          <label for={idOf(f.name)}>{l(f.label[0], f.label[1])}</label>
          <input
            id={idOf(f.name)}
            name={f.name}
            inputmode="numeric"
            maxlength={12}
            value={values[f.name] ?? ''}
            {...invalid(f.name)}
          />
          <FieldError id={`${idOf(f.name)}-error`} text={errors[f.name]} />
        </div>
      ))}
      <button type="submit">{l('案として保存', 'Save the draft')}</button>
    </form>,
    status ? { status: status as 400 } : {},
  );
}

/** The admin's draft policy form (issue #20 item 3): each field checked, the message beside it, input kept. */
export const policyFormHandlers = {
  'GET /console/risk/new': (c, s) => formPage(c, s, startingValues()),
  'POST /console/risk': async (c, s) => {
    const values: DraftForm = {};
    for (const name of [
      'name',
      'nameEn',
      'termsVersionId',
      'mode',
      'challengeNewDevice',
      ...NUMBER_FIELDS.map((f) => f.name),
    ]) {
      values[name] = s.f(name).slice(0, 200);
    }
    const read = readDraftForm(values, s.lang);
    if (!read.ok) return formPage(c, s, values, read.errors, 400);
    try {
      await createRiskPolicyDraft(s.web.deps, actorOf(s.op), read.draft);
    } catch (thrown) {
      const err = asServiceError(thrown);
      if (!err) throw thrown;
      return formPage(c, s, values, { [err.field ?? 'name']: err.message }, httpStatusOf(err.code));
    }
    return c.redirect(withLang(s.lang, '/console/risk'), 303);
  },
} satisfies Partial<Record<RiskRouteKey, Handler>>;
