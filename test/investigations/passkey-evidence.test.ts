import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { factText } from '../../src/core/investigation/fact-text.ts';
import type { ClauseFinding } from '../../src/core/investigation/findings.ts';
import { evaluateCase, recordDecision } from '../../src/features/investigations/service/decisions.ts';
import { recordFindings } from '../../src/features/investigations/service/facts.ts';
import { newId } from '../../src/infra/ids.ts';
import type { Db } from '../../src/storage/database.ts';
import { insertPasskey, openCeremony, spendCeremony } from '../../src/storage/repositories/passkeys.ts';
import { forEachDialect } from '../support/databases.ts';
import { ALL_NO, type CaseWorld, caseWorld, memberDelivery, reportedCase } from './support.ts';

/** A purchase the member's passkey approved weighs in the art. 5-3 liability proposal (issue 21, docs/passkeys.md). */
forEachDialect('passkey approval in the liability proposal', (getDb) => {
  let w: CaseWorld;
  before(async () => {
    w = await caseWorld(getDb());
  });

  /** The member's passkey approved this purchase, as approveWithPasskey leaves it. */
  async function approvedByPasskey(db: Db, enetId: string, acsTransID: string, at: Date) {
    const passkeyId = newId('pk');
    await insertPasskey(db, {
      id: passkeyId,
      enetId,
      credentialMac: w.keys.mac('passkey', passkeyId),
      credentialEnc: w.keys.encrypt(passkeyId, 'passkey'),
      publicKey: 'cHVibGlj',
      counter: 0,
      transports: 'internal',
      name: '仕事用のスマホ',
      at: new Date(at.getTime() - 86_400_000),
    });
    const id = `pka_${newId('x')}`;
    await openCeremony(db, {
      id,
      kind: 'authentication',
      enetId,
      acsTransID,
      challenge: 'Y2hhbGxlbmdl',
      at,
      expiresAt: new Date(at.getTime() + 300_000),
    });
    assert.ok(await spendCeremony(db, { id, at, passkeyId }));
  }

  const passkeyFactsOf = (f: ClauseFinding | undefined) => f?.facts.filter((x) => x.name === 'passkey_approval') ?? [];

  test('shown among the reasons of 5-3-2 and 5-3-9 (ja/en), never deciding them alone, and in the decision text', async () => {
    const { db } = getDb();
    const { holder, caseId, acsTransIds } = await reportedCase(w, db, [
      { merchant: 'パスキー商店', amount: '5000' },
      { merchant: 'SMS商店', amount: '1000' },
    ]);
    await approvedByPasskey(db, holder.enetId, acsTransIds[0]!, new Date(w.clock.now().getTime() - 5 * 86_400_000));
    await memberDelivery(w, caseId);
    await recordFindings(w.deps, w.alice, caseId, ALL_NO);

    const evaluation = await evaluateCase(db, caseId, w.clock.now());
    const byClause = new Map(evaluation.findings.map((f) => [f.clause, f]));
    for (const clause of ['5-3-2', '5-3-9'] as const) {
      const facts = passkeyFactsOf(byClause.get(clause));
      assert.equal(facts.length, 1, `${clause}: only the purchase the passkey approved`);
      assert.equal(byClause.get(clause)?.result, 'does_not_apply', 'the investigator still answers the clause');
      const fact = facts[0]!;
      assert.match(
        factText(fact, 'ja'),
        /パスキー商店でのご利用は、.*パスキー「仕事用のスマホ」で承認されました.*有力な証拠/,
      );
      assert.match(
        factText(fact, 'en'),
        /The purchase at パスキー商店 was approved on .* with the passkey "仕事用のスマホ".*strong evidence/,
      );
    }
    for (const clause of ['5-3-1', '5-3-3', '5-3-5', '5-3-6'] as const)
      assert.equal(passkeyFactsOf(byClause.get(clause)).length, 0, `${clause} is not about whose doing it was`);

    w.clock.advance(60_000);
    await recordFindings(w.deps, w.alice, caseId, [
      { question: 'usedByRelatedPerson', finding: 'yes', note: '家族の端末のパスキーで承認' },
    ]);
    const made = await recordDecision(w.deps, w.alice, caseId, {
      outcome: 'not_waived',
      reasons: 'パスキーでの承認',
      overrideReason: '',
    });
    const decision = await db
      .selectFrom('investigation_decisions')
      .selectAll()
      .where('id', '=', made.decisionId)
      .executeTakeFirstOrThrow();
    assert.match(decision.text_ja, /規約第5条第3項第2号[\s\S]*パスキー「仕事用のスマホ」で承認されました/);
    assert.match(decision.text_en, /5-3-2[\s\S]*with the passkey "仕事用のスマホ"/);
  });

  test('a case without a passkey approval shows none', async () => {
    const { db } = getDb();
    const { caseId } = await reportedCase(w, db, [{ merchant: 'SMS商店', amount: '1000' }]);
    const evaluation = await evaluateCase(db, caseId, w.clock.now());
    assert.equal(evaluation.findings.flatMap(passkeyFactsOf).length, 0);
  });
});
