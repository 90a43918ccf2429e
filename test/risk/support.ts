import { ManualClock } from '../../src/core/clock.ts';
import { DEMO_RISK_POLICY } from '../../src/core/risk/policies.ts';
import {
  createRiskPolicyDraft,
  decideRiskPolicyActivation,
  type RiskPolicyDraft,
  requestRiskPolicyActivation,
} from '../../src/features/risk/policy-admin.ts';
import type { Db } from '../../src/storage/database.ts';
import { browserAReq, postAReq } from '../support/messages.ts';

/** A published terms version in force since yesterday that describes risk-based authentication. */
export async function rbaTermsInForce(db: Db, at: Date, id = `terms_rba_${at.getTime()}`): Promise<string> {
  await db
    .insertInto('terms_versions')
    .values({
      id,
      version: id,
      title: '本人認証サービス利用規約',
      body: '第4条 当社が定める基準により、ワンタイムパスワードの入力を求めずに本人認証を行うことがあります。',
      status: 'published',
      published_at: new Date(at.getTime() - 31 * 86_400_000),
      effective_at: new Date(at.getTime() - 86_400_000),
      change_summary: 'リスクベース認証',
      change_summary_en: 'Risk-based authentication',
      created_by: 'test',
      created_at: new Date(at.getTime() - 31 * 86_400_000),
      updated_at: null,
    })
    .execute();
  return id;
}

/** Drafts the demo risk policy under `termsId`, asked by one admin and approved by another. */
export function activateDemoRiskPolicy(db: Db, termsId: string, at: Date): Promise<string> {
  return activateRiskPolicy(
    db,
    { name: 'リスクベース認証（デモ）', nameEn: 'Risk-based (demo)', body: DEMO_RISK_POLICY, termsVersionId: termsId },
    at,
  );
}

/** Drafts `draft`, asked by one admin and approved by another (four-eyes), as the console does. */
export async function activateRiskPolicy(db: Db, draft: RiskPolicyDraft, at: Date): Promise<string> {
  const deps = { db, clock: new ManualClock(at), policyChanged: async () => {} };
  const id = await createRiskPolicyDraft(deps, 'operator:admin-a', draft);
  await requestRiskPolicyActivation(deps, 'operator:admin-a', id);
  await decideRiskPolicyActivation(deps, 'operator:admin-b', id, 'approved');
  return id;
}

/** What a successful challenge leaves behind, without running one: the transaction ends Y. */
export async function markAuthenticated(db: Db, acsTransID: string): Promise<void> {
  await db
    .updateTable('transactions')
    .set({ state: 'authenticated', trans_status: 'Y', eci: '05', deadline_at: null })
    .where('acs_trans_id', '=', acsTransID)
    .execute();
}

/** A member's fraud report (terms art. 5-2) naming one transaction, as the portal records it. */
export async function reportFraud(db: Db, enetId: string, acsTransID: string, reference: string): Promise<void> {
  const now = new Date();
  await db
    .insertInto('fraud_reports')
    .values({
      id: `fr_${reference}`,
      reference,
      enet_id: enetId,
      reported_at: now,
      noticed_on: now.toISOString().slice(0, 10),
      description: '身に覚えのない利用',
      contact_preference: 'email',
    })
    .execute();
  await db
    .insertInto('fraud_report_transactions')
    .values({ report_id: `fr_${reference}`, acs_trans_id: acsTransID })
    .execute();
}

/** A usual purchase: a supermarket, ¥4,800. */
export const USUAL_PURCHASE = { purchaseAmount: '4800', mcc: '5411' };

/** One AReq on the card; a challenge is taken as passed (the transaction ends Y). Its answer. */
export async function purchase(
  url: string,
  db: Db,
  pan: string,
  overrides: Record<string, unknown> = USUAL_PURCHASE,
  version?: '2.3.1',
): Promise<{ acsTransID: string; transStatus: string }> {
  const { json } = await postAReq(url, browserAReq(pan, overrides, version));
  if (json.transStatus === 'C') await markAuthenticated(db, json.acsTransID ?? '');
  return { acsTransID: json.acsTransID ?? '', transStatus: json.transStatus ?? '' };
}
