import type { Lang } from '../../../core/i18n.ts';
import type { RiskPolicy } from '../../../core/risk/types.ts';
import { riskPolicySchema } from '../policy.ts';
import type { RiskPolicyDraft } from '../policy-admin.ts';

type Pair = readonly [ja: string, en: string];

/** What was typed, by form name (kept as typed, so a refused form comes back as the admin left it). */
export type DraftForm = Partial<Record<string, string>>;

type Group = 'cardTesting' | 'exemptions';

interface NumberField {
  /** Form name: the policy body's path, dotted (`cardTesting.cardAReqsPerHour`). */
  name: string;
  group?: Group;
  key: string;
  label: Pair;
}

const field = (key: string, label: Pair, group?: Group): NumberField =>
  group ? { name: `${group}.${key}`, group, key, label } : { name: key, key, label };

/** The numeric members of a policy body (src/features/risk/policy.ts riskPolicySchema), in form order. */
export const NUMBER_FIELDS: readonly NumberField[] = [
  field('frictionlessBelow', ['チャレンジなしとするスコア（この値未満）', 'Frictionless below this score']),
  field('refuseAtOrAbove', ['拒否するスコア（この値以上）', 'Refuse at or above this score']),
  field('maxFrictionlessYen', ['チャレンジなしの上限額（円）', 'Largest frictionless amount (yen)']),
  field('phoneChangeCooldownHours', [
    '電話番号変更後にチャレンジする時間',
    'Challenge for this many hours after a phone change',
  ]),
  field('cardAReqsPerHour', ['拒否: 1 時間のカードの取引数', 'Refuse: AReqs on the card per hour'], 'cardTesting'),
  field(
    'cardsPerDevicePerHour',
    ['拒否: 1 時間に同じ端末の他のカード数', 'Refuse: other cards per device per hour'],
    'cardTesting',
  ),
  field(
    'cardsPerIpRangePerHour',
    ['拒否: 1 時間に同じ接続元のカード数', 'Refuse: cards per network per hour'],
    'cardTesting',
  ),
  field('lowValueUpToYen', ['少額免除の上限（円）', 'Low-value exemption up to (yen)'], 'exemptions'),
  field('traUpToYen', ['TRA 免除の上限（円）', 'TRA exemption up to (yen)'], 'exemptions'),
  field('maxScore', ['免除を認めるスコア（この値未満）', 'Exemptions only below this score'], 'exemptions'),
];

/** A field's value in a policy, as the form shows it. */
export function formValueOf(policy: RiskPolicy, f: NumberField): string {
  const value = f.group
    ? (policy[f.group] as Record<string, number>)[f.key]
    : (policy as unknown as Record<string, unknown>)[f.key];
  return value === undefined ? '' : String(value);
}

const WHOLE = /^\d{1,10}$/;

/** A zod issue (riskPolicySchema) in the admin's words. */
function messageOf(issue: { code: string; minimum?: unknown; maximum?: unknown }, lang: Lang): string {
  const say = (p: Pair) => (lang === 'en' ? p[1] : p[0]);
  if (issue.code === 'too_small') return say([`${issue.minimum} 以上にしてください`, `At least ${issue.minimum}`]);
  if (issue.code === 'too_big') return say([`${issue.maximum} 以下にしてください`, `At most ${issue.maximum}`]);
  if (issue.code === 'custom') {
    return say(['拒否するスコア以下にしてください', 'Must not be above the refusal score']);
  }
  return say(['値が正しくありません', 'Not a valid value']);
}

/**
 * Reads the draft form: every field checked at once (a whole number where a number is asked, then the policy
 * schema), so each refused field gets its message beside it; nothing is stored unless all pass.
 */
export function readDraftForm(
  v: DraftForm,
  lang: Lang,
): { ok: true; draft: RiskPolicyDraft } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const say = (p: Pair) => (lang === 'en' ? p[1] : p[0]);
  if (!v.name?.trim()) errors.name = say(['名称を入力してください', 'Enter a name']);
  const body: Record<string, unknown> = {
    mode: v.mode,
    challengeNewDevice: v.challengeNewDevice === 'on',
    cardTesting: {},
    exemptions: {},
  };
  for (const f of NUMBER_FIELDS) {
    const raw = (v[f.name] ?? '').trim();
    if (!WHOLE.test(raw)) errors[f.name] = say(['0 以上の整数で入力してください', 'Enter a whole number (0 or more)']);
    const target = f.group ? (body[f.group] as Record<string, unknown>) : body;
    target[f.key] = Number(raw);
  }
  const parsed = riskPolicySchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.') || 'mode';
      errors[name] ??= messageOf(issue as { code: string; minimum?: unknown; maximum?: unknown }, lang);
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      name: v.name ?? '',
      nameEn: v.nameEn ?? '',
      body: parsed.data,
      termsVersionId: v.termsVersionId || null,
    },
  };
}
