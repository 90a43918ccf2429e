import type { ServiceDeps } from '../../src/app/deps.ts';
import { DEMO_RISK_POLICY } from '../../src/core/risk/policies.ts';
import { jstDateOf } from '../../src/core/terms.ts';
import { createRiskPolicyDraft } from '../../src/features/risk/policy-admin.ts';
import { createTermsDraft } from '../../src/features/terms/service/versions.ts';

const ACTOR = 'system:demo-seed';

/** Article 4 as the draft revision words it: the one-time password is asked when the purchase looks unusual. */
const RBA_TERMS_BODY = [
  '1. このサービスについて\nネットショッピングでカードをご利用になる際、ご本人であることを確認します。当社は、ご利用の端末、金額、加盟店、これまでのご利用状況などから不正利用の可能性を判定し、その可能性が低いと判断したときは、e-net サービス ID とワンタイムパスワードの入力を求めずに本人認証を行います。それ以外のときは、e-net サービス ID と SMS でお届けするワンタイムパスワードを入力していただきます。不正利用の可能性が高いと判断したときは、認証をお断りすることがあります。',
  '2. 判定に使う情報\n判定には、加盟店から送られる端末や取引の情報と、当社が記録した本サービスのご利用履歴を使います。端末や接続元の情報は、そのままではなく、照合のための符号にして保存します。',
  '3. 電話番号の登録・変更・紛失\nご本人がお持ちの、SMS を受け取れる携帯電話の番号を e-net サービスで登録してください。番号を変更した直後は、ワンタイムパスワードの入力をお願いします。',
  '4. 規約の変更\n規約を変更するときは、変更の内容と効力発生日をウェブサイトやメールでお知らせします。',
].join('\n\n');

/**
 * The demo ships the risk policy as a draft next to the active challenge-everything one (migration 0020), with a
 * draft terms revision describing risk-based authentication: publish the terms, wait for their effective date
 * (or date them today), then two admins activate the policy in the console (docs/risk.md).
 */
export async function seedDemoRiskPolicy(deps: Pick<ServiceDeps, 'db' | 'clock'>): Promise<void> {
  const at = deps.clock.now();
  const effectiveDate = jstDateOf(new Date(at.getTime() + 31 * 86_400_000));
  const termsId = await createTermsDraft(
    deps,
    {
      version: `${effectiveDate}-rba`,
      title: '本人認証サービス利用規約（リスクベース認証の導入）',
      body: RBA_TERMS_BODY,
      changeSummary: '不正利用の可能性が低いご利用では、ワンタイムパスワードの入力を省略します（第4条）。',
      changeSummaryEn: 'Low-risk purchases no longer ask for the one-time password (article 4).',
      effectiveDate,
    },
    ACTOR,
  );
  await createRiskPolicyDraft(deps, ACTOR, {
    name: 'リスクベース認証（デモ）',
    nameEn: 'Risk-based authentication (demo)',
    body: DEMO_RISK_POLICY,
    termsVersionId: termsId,
  });
}
