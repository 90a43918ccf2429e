import assert from 'node:assert/strict';
import { ManualClock } from '../../src/core/clock.ts';
import { ServiceError } from '../../src/core/errors.ts';
import { QUESTION_NAMES } from '../../src/core/investigation/liability-clauses.ts';
import type { Principal } from '../../src/features/console/service/roles.ts';
import type { InvestigationDeps } from '../../src/features/investigations/service/case-store.ts';
import { assignCase, recordFindings, setTransactionFacts } from '../../src/features/investigations/service/facts.ts';
import type { PortalDeps } from '../../src/features/portal/service/deps.ts';
import { submitFraudReport } from '../../src/features/portal/service/fraud-reports.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { newEmvId, newId } from '../../src/infra/ids.ts';
import type { Db } from '../../src/storage/database.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { type ConsoleClient, consoleDeps, makeOperator } from '../console/support.ts';

const CONSOLE_COOKIE = '__Host-ninsho_console';

import type { TestDatabase } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';

export interface Purchase {
  merchant: string;
  amount: string;
  currency?: string;
  exponent?: string;
  at: Date;
  browserIp?: string;
}

/**
 * A completed, authenticated purchase as the ACS leaves it: the transaction, its state changes, messages,
 * a used code, the SMS (masked recipient) and 3DS Method data. Written directly: these tests are about cases.
 */
export async function recordPurchase(db: Db, keys: KeyRing, holder: SeededCardholder, p: Purchase): Promise<string> {
  const acsTransId = newEmvId();
  const threeDs = newEmvId();
  const at = p.at;
  await db
    .insertInto('transactions')
    .values({
      acs_trans_id: acsTransId,
      three_ds_server_trans_id: threeDs,
      ds_trans_id: newEmvId(),
      message_version: '2.2.0',
      device_channel: '02',
      message_category: '01',
      card_ref: holder.cardRef,
      enet_id: holder.enetId,
      state: 'result_acknowledged',
      trans_status: 'Y',
      eci: '05',
      cavv: 'AAABBEg0VhI0VniQEjRWAAAAAAA=',
      authentication_type: '02',
      merchant_name: p.merchant,
      purchase_amount: p.amount,
      purchase_currency: p.currency ?? '392',
      purchase_exponent: p.exponent ?? '0',
      browser_ip: p.browserIp ?? '198.51.100.7',
      browser_user_agent: 'Mozilla/5.0 (test)',
      browser_language: 'ja-JP',
      otp_sends: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('transaction_events')
    .values([
      { acs_trans_id: acsTransId, at, from_state: null, to_state: 'challenge_issued', detail: null },
      { acs_trans_id: acsTransId, at, from_state: 'challenge_in_progress', to_state: 'authenticated', detail: null },
    ])
    .execute();
  await db
    .insertInto('messages')
    .values({
      id: newId('msg', at.getTime()),
      acs_trans_id: acsTransId,
      three_ds_server_trans_id: threeDs,
      ds_trans_id: null,
      direction: 'in',
      message_type: 'AReq',
      body: JSON.stringify({
        messageType: 'AReq',
        acctNumber: '411111******1111',
        merchantName: p.merchant,
        shipAddrCity: '渋谷区',
        mobilePhone: { cc: '81', subscriber: '9012345678' },
        browserIP: p.browserIp ?? '198.51.100.7',
      }),
      pan_enc: null,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('otp_codes')
    .values({
      id: newId('otp', at.getTime()),
      purpose: 'purchase',
      subject: acsTransId,
      code_mac: 'x',
      created_at: at,
      expires_at: new Date(at.getTime() + 300_000),
      used_at: at,
      superseded_at: null,
    })
    .execute();
  await db
    .insertInto('sms_messages')
    .values({
      id: newId('sms', at.getTime()),
      to_mac: keys.mac('phone', holder.phone),
      to_enc: keys.encrypt(holder.phone, 'phone'),
      to_masked: '090-****-0000',
      body_enc: keys.encrypt('code', 'sms'),
      purpose: 'purchase',
      acs_trans_id: acsTransId,
      provider: 'outbox',
      status: 'delivered',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('method_data')
    .values({
      three_ds_server_trans_id: threeDs,
      data: JSON.stringify({ headers: { userAgent: 'Mozilla/5.0 (test)' }, device: { screen: '390x844', tz: '-540' } }),
      created_at: at,
    })
    .execute();
  return acsTransId;
}

export interface CaseWorld {
  keys: KeyRing;
  clock: ManualClock;
  deps: InvestigationDeps & { kicks: number };
  portal: PortalDeps;
  alice: Principal;
  bob: Principal;
  operator: Principal;
}

/** Deps over the test database with a settable clock, and two investigators and an operator. */
export async function caseWorld(database: TestDatabase, start = '2026-11-25T03:00:00Z'): Promise<CaseWorld> {
  const keys = await KeyRing.open(database.masterKey, keyStore(database.db));
  const clock = new ManualClock(start);
  const deps = consoleDeps(database.db, keys, clock);
  const portal: PortalDeps = { ...deps, sessions: { revokeAll: async () => 0 } };
  const alice = (await makeOperator(database.db, keys, 'investigator')).principal;
  const bob = (await makeOperator(database.db, keys, 'investigator')).principal;
  const operator = (await makeOperator(database.db, keys, 'operator')).principal;
  return { keys, clock, deps, portal, alice, bob, operator };
}

/** A member with purchases who reports them in the portal; returns the case opened with the report. */
export async function reportedCase(
  w: CaseWorld,
  db: Db,
  purchases: Omit<Purchase, 'at'>[],
  given?: SeededCardholder,
): Promise<{
  holder: SeededCardholder;
  caseId: string;
  /** The case's INV-… (staff). */
  reference: string;
  /** The receipt's FR-…, the one reference the member sees (issue #18 item 12). */
  memberReference: string;
  acsTransIds: string[];
}> {
  const holder = given ?? (await seedCardholder(db, w.keys));
  const acsTransIds: string[] = [];
  for (const [i, p] of purchases.entries())
    acsTransIds.push(
      await recordPurchase(db, w.keys, holder, { ...p, at: new Date(w.clock.now().getTime() - (10 - i) * 86_400_000) }),
    );
  const today = new Date(w.clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
  const report = await submitFraudReport(
    w.portal,
    holder.enetId,
    { acsTransIds, noticedOn: today, description: '覚えのない利用があります。', contactPreference: 'email' },
    { ip: '203.0.113.9' },
  );
  if (!report.ok) throw new Error(`report refused: ${report.problem}`);
  const row = await db
    .selectFrom('investigation_cases')
    .select(['id', 'reference'])
    .where('fraud_report_id', '=', report.id)
    .executeTakeFirstOrThrow();
  return { holder, caseId: row.id, reference: row.reference, memberReference: report.reference, acsTransIds };
}

/** Answers every engine question `no` (not at fault), so only the recorded evidence decides. */
export const ALL_NO = QUESTION_NAMES.map((question) => ({ question, finding: 'no', note: '' }));

export async function refused(p: Promise<unknown>, code: ServiceError['code'], what: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => err instanceof ServiceError && err.code === code, what);
}

export async function transactionIds(w: CaseWorld, caseId: string): Promise<string[]> {
  const rows = await w.deps.db
    .selectFrom('investigation_transactions')
    .select('id')
    .where('case_id', '=', caseId)
    .orderBy('purchased_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function caseState(w: CaseWorld, caseId: string) {
  return (
    await w.deps.db.selectFrom('investigation_cases').select('state').where('id', '=', caseId).executeTakeFirstOrThrow()
  ).state;
}

/** Delivery to the member's address on the first purchase (art. 5-3-6), everything else settled "no". */
export async function memberDelivery(w: CaseWorld, caseId: string): Promise<void> {
  await assignCase(w.deps, w.alice, caseId, w.alice.id);
  const [first, ...rest] = await transactionIds(w, caseId);
  await setTransactionFacts(w.deps, w.alice, caseId, {
    transactionId: first ?? '',
    delivery: 'member',
    deliveryNote: 'delivery slip: the member’s home address',
    origin: 'unrelated',
    originNote: '',
    originPhone: '',
  });
  for (const id of rest)
    await setTransactionFacts(w.deps, w.alice, caseId, {
      transactionId: id,
      delivery: 'unrelated',
      deliveryNote: '',
      origin: 'unrelated',
      originNote: '',
      originPhone: '',
    });
  await recordFindings(w.deps, w.alice, caseId, ALL_NO);
}

/** Posts a file to a case's attachment form (multipart), signed in as `client`; the answer is not followed. */
export async function uploadAttachment(
  serverUrl: string,
  client: ConsoleClient,
  path: string,
  csrf: string,
  file: { blob: Blob; name: string; description?: string },
): Promise<Response> {
  const form = new FormData();
  form.set('csrf', csrf);
  form.set('description', file.description ?? 'test');
  form.set('file', file.blob, file.name);
  return fetch(`${serverUrl}${path}`, {
    method: 'POST',
    headers: { cookie: `${CONSOLE_COOKIE}=${client.token}`, origin: serverUrl },
    body: form,
    redirect: 'manual',
  });
}
