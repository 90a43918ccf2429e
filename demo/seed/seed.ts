import type { Clock } from '../../src/core/ports.ts';
import { applyEnrollmentEvent } from '../../src/features/enrollment/enrollment.ts';
import { provisionPhone, upsertCard, upsertMember } from '../../src/features/issuer-api/issuer-data.ts';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { seedDemoPortalPasswords } from '../../src/features/portal/service/passwords.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { maskPan, maskPhone } from '../../src/infra/crypto/mask.ts';
import { type Db, withTransaction } from '../../src/storage/database.ts';
import { anyMemberExists } from '../../src/storage/repositories/members.ts';
import { seedDemoPasskey } from './demo-passkey.ts';
import { seedDemoFraudCase } from './fraud-case.ts';
import { seedPasskeyTermsDraft } from './passkey-terms.ts';
import { seedPastTransactions } from './past-transactions.ts';
import { seedDemoRiskPolicy } from './risk.ts';

export type DemoCardState = 'enrolled' | 'not_enrolled' | 'locked' | 'closed';

export interface DemoCard {
  /** Picker label: Japanese and English. */
  label: string;
  labelEn: string;
  /** Public Visa test number (Luhn-valid); exists only in the demo seed. */
  pan: string;
  maskedPan: string;
  expiry: string;
  enetId: string;
  state: DemoCardState;
  /** Masked phone the one-time code goes to, when the member has one. */
  phone: string | undefined;
}

export interface DemoSeed {
  /** False when the database already had members and nothing was written. */
  seeded: boolean;
  cards: DemoCard[];
}

interface DemoMember {
  enetId: string;
  name: string;
  nameEn: string;
  pan: string;
  phone?: string;
  state: DemoCardState;
}

const STATE_LABEL: Record<DemoCardState, { ja: string; en: string }> = {
  enrolled: { ja: '登録済み（SMS 認証）', en: 'enrolled (SMS code)' },
  not_enrolled: { ja: '未登録', en: 'not enrolled' },
  locked: { ja: '紛失・盗難の届出でロック中', en: 'locked (lost/stolen report)' },
  closed: { ja: 'カード解約済み', en: 'card closed' },
};

const ISSUER = {
  name: 'ninsho カード',
  nameEn: 'ninsho Card',
  ranges: [['411111', '411111']] as Array<[string, string]>,
};
const EXPIRY = '3012';
const ACTOR = 'system:demo-seed';

const MEMBERS: readonly DemoMember[] = [
  {
    enetId: 'demo-taro',
    name: '山田 太郎',
    nameEn: 'Taro Yamada',
    pan: '4111111111111111',
    phone: '+819012345678',
    state: 'enrolled',
  },
  {
    enetId: 'demo-hanako',
    name: '佐藤 花子',
    nameEn: 'Hanako Sato',
    pan: '4111112222222227',
    phone: '+818023456789',
    state: 'enrolled',
  },
  { enetId: 'demo-jiro', name: '鈴木 次郎', nameEn: 'Jiro Suzuki', pan: '4111113333333333', state: 'not_enrolled' },
  {
    enetId: 'demo-yuki',
    name: '高橋 由紀',
    nameEn: 'Yuki Takahashi',
    pan: '4111114444444449',
    phone: '+819034567890',
    state: 'locked',
  },
  { enetId: 'demo-kenta', name: '田中 健太', nameEn: 'Kenta Tanaka', pan: '4111115555555550', state: 'closed' },
];

/** The demo cards (the same list whether or not this start seeded them), for the shop picker and the banner. */
export const DEMO_CARDS: readonly DemoCard[] = MEMBERS.map((m) => ({
  label: `${m.name} — ${STATE_LABEL[m.state].ja}`,
  labelEn: `${m.nameEn} — ${STATE_LABEL[m.state].en}`,
  pan: m.pan,
  maskedPan: maskPan(m.pan),
  expiry: EXPIRY,
  enetId: m.enetId,
  state: m.state,
  phone: m.phone && m.state !== 'not_enrolled' ? maskPhone(m.phone) : undefined,
}));

/**
 * Seeds the demo issuer, members and cards in each state on an empty database (no members yet); otherwise
 * leaves the database alone. Goes through the same services the issuer API uses, so audit rows and
 * enrollment history look like real ones.
 */
export async function seedDemo(deps: { db: Db; keys: KeyRing; clock: Clock }): Promise<DemoSeed> {
  if (await anyMemberExists(deps.db)) return { seeded: false, cards: [...DEMO_CARDS] };
  await ensureIssuer(deps.db, ISSUER);
  for (const member of MEMBERS) await seedMember(deps, member);
  await seedDemoPasskey(deps); // demo only: 佐藤 花子 holds a passkey whose private key is in demo/seed
  await seedPastTransactions(deps.db, deps.keys, deps.clock.now());
  await seedDemoFraudCase(deps.db, deps.clock.now());
  await seedPasskeyTermsDraft(deps.db, deps.clock.now());
  await seedDemoRiskPolicy(deps);
  // ── member portal: every demo member signs in to /enet with DEMO_PORTAL_PASSWORD (demo-pass-1234) ──
  await seedDemoPortalPasswords(
    deps,
    MEMBERS.map((m) => m.enetId),
  );
  return { seeded: true, cards: [...DEMO_CARDS] };
}

async function seedMember(deps: { db: Db; keys: KeyRing; clock: Clock }, m: DemoMember): Promise<void> {
  await upsertMember(deps, m.enetId, { name: m.name, email: `${m.enetId}@example.jp`, status: 'active' }, ACTOR);
  const cardRef = `${m.enetId}-card`;
  const status = m.state === 'closed' ? 'closed' : 'active';
  await upsertCard(deps, cardRef, { enetId: m.enetId, pan: m.pan, expiry: EXPIRY, status }, ACTOR);
  if (m.phone) await provisionPhone(deps, m.enetId, m.phone, ACTOR);
  if (m.state === 'locked') {
    // terms art. 2-2: the member reported the phone lost or stolen, which locks authentication.
    await withTransaction(deps.db, (trx) =>
      applyEnrollmentEvent(trx, {
        enetId: m.enetId,
        event: { type: 'lost_stolen_reported' },
        actor: ACTOR,
        note: 'demo: lost/stolen report',
        at: deps.clock.now(),
      }),
    );
  }
}
