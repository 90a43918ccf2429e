import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { panIn } from '../support/card-ranges.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { testPhone } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { type ServiceProcess, startServiceProcess } from '../support/service-processes.ts';

const skip = process.env.TEST_DATABASE_URL
  ? false
  : 'TEST_DATABASE_URL not set: two service processes need one shared PostgreSQL';

const TOKEN = 'ranges-propagation-token-0123456789';

/**
 * Issue #17 item 1, done when: two service processes on one fresh PostgreSQL (SEED_DEMO=false). A range created
 * through node A serves AReqs on node B; deleting it on A makes both nodes answer Erro 305 within 5 s.
 */
describe('card ranges reach every node within seconds', { skip }, () => {
  let database: TestDatabase;
  let nodes: ServiceProcess[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    const env = {
      DATABASE_URL: database.url ?? '',
      NINSHO_MASTER_KEY: database.masterKey.toString('base64'),
      SMS_PROVIDER: 'outbox',
      SEED_DEMO: 'false',
      ISSUER_API_TOKEN: TOKEN,
      CONSOLE_ADMIN_PASSWORD: 'ranges-propagation-admin',
    };
    nodes = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await database?.close();
  });

  async function api(node: ServiceProcess, method: string, path: string, body?: unknown) {
    const res = await fetch(`${node.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  }

  const areq = async (node: ServiceProcess, pan: string) => (await postAReq(node.url, browserAReq(pan))).json;

  test('create on A → challenge on B; a card outside refused; delete on A → Erro 305 on both within 5 s', async () => {
    const [a, b] = nodes;
    assert.ok(a && b);
    const pan = panIn('4929000', 7);
    assert.equal((await areq(b, pan)).errorCode, '305', 'a fresh database serves no range');

    const created = await api(a, 'PUT', '/api/v1/card-ranges/visa_4929000', {
      startRange: '4929000000000000',
      endRange: '4929000999999999',
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(
      (
        await api(a, 'PUT', '/api/v1/members/range_member', {
          name: '二 ノード',
          email: 'n@example.jp',
          status: 'active',
        })
      ).status,
      201,
    );
    const card = await api(a, 'PUT', '/api/v1/cards/range_card', {
      enetId: 'range_member',
      pan,
      expiry: '3012',
      status: 'active',
    });
    assert.equal(card.status, 201, card.text);
    const outside = await api(a, 'PUT', '/api/v1/cards/outside_card', {
      enetId: 'range_member',
      pan: panIn('4929001', 7),
      expiry: '3012',
      status: 'active',
    });
    assert.deepEqual([outside.status, outside.body?.code, outside.body?.field], [422, 'pan_out_of_range', 'pan']);
    assert.equal((await api(a, 'POST', '/api/v1/members/range_member/phone', { phone: testPhone() })).status, 201);

    // B learns of the new range through NOTIFY (or its generation check) within seconds.
    const challengedOnB = await within(5000, async () => (await areq(b, pan)).transStatus === 'C');
    assert.ok(challengedOnB, 'node B challenges the card within 5 s of the range being created on A');

    const removed = await api(a, 'DELETE', '/api/v1/card-ranges/visa_4929000');
    assert.equal(removed.status, 204);
    const deletedAt = Date.now();
    const refused = await Promise.all(
      nodes.map((n) => within(5000, async () => (await areq(n, pan)).errorCode === '305')),
    );
    assert.deepEqual(refused, [true, true], 'both nodes answer Erro 305 within 5 s');
    assert.ok(Date.now() - deletedAt < 5000);
    for (const n of nodes) assert.ok(n.alive());
  });
});

/** Polls `check` every 100 ms; true as soon as it holds, false when `ms` passed first. */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
