import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seedDemo } from '../../demo/seed/seed.ts';
import { systemClock } from '../../src/app/runtime.ts';
import { luhnValid } from '../../src/infra/crypto/mask.ts';
import { forEachDialect } from '../support/databases.ts';
import { type DemoServer, startDemoServer } from './harness.ts';

forEachDialect('demo seed', (getDb) => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer(getDb());
  });
  after(() => demo.server.close());

  test('seeds members and cards in each state once; a second run changes nothing', async () => {
    assert.equal(demo.seed.seeded, true);
    assert.equal(demo.seed.cards.length, 5);
    for (const card of demo.seed.cards) assert.ok(luhnValid(card.pan) && card.pan.startsWith('411111'), card.pan);
    const again = await seedDemo({ db: getDb().db, keys: demo.server.keys, clock: systemClock });
    assert.equal(again.seeded, false);
    const members = await getDb()
      .db.selectFrom('members')
      .select(['enet_id', 'enrollment', 'enrollment_reason'])
      .orderBy('enet_id')
      .execute();
    assert.deepEqual(
      members.map((m) => [m.enet_id, m.enrollment, m.enrollment_reason]),
      [
        ['demo-hanako', 'enrolled', null],
        ['demo-jiro', 'not_enrolled', null],
        ['demo-kenta', 'deregistered', '8-1-1'],
        ['demo-taro', 'enrolled', null],
        ['demo-yuki', 'locked', 'lost_stolen'],
      ],
    );
    const cards = await getDb().db.selectFrom('cards').select(['card_ref', 'status']).orderBy('card_ref').execute();
    assert.equal(cards.find((c) => c.card_ref === 'demo-kenta-card')?.status, 'closed');
    const phones = await getDb()
      .db.selectFrom('phone_bindings')
      .select('enet_id')
      .where('unbound_at', 'is', null)
      .execute();
    assert.deepEqual(phones.map((p) => p.enet_id).sort(), ['demo-hanako', 'demo-taro', 'demo-yuki']);
  });
});
