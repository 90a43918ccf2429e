import { seedDemo } from '../../demo/seed/seed.ts';
import type { Clock } from '../core/ports.ts';
import { bootstrapConsole } from '../features/console/service/operators.ts';
import type { CardRangeCache } from '../features/issuer-api/card-ranges.ts';
import { ensureIssuer } from '../features/issuer-api/issuers.ts';
import { scheduleMaintenance } from '../features/operations/service/windows.ts';
import { DEMO_PORTAL_PASSWORD } from '../features/portal/service/passwords.ts';
import type { KeyRing } from '../infra/crypto/keyring.ts';
import type { Logger } from '../infra/logger.ts';
import type { Db } from '../storage/database.ts';
import type { Config } from './config.ts';

export interface StartupParts {
  config: Config;
  db: Db;
  keys: KeyRing;
  clock: Clock;
  logger: Logger;
  ranges: CardRangeCache;
}

/**
 * First-start chores that depend on the environment: the demo seed (SEED_DEMO) and the text printed once
 * the server is ready (URLs and demo credentials for a newcomer). Returns the banner.
 */
export async function prepareStartup(parts: StartupParts): Promise<string> {
  const { config } = parts;
  const base = config.PUBLIC_URL;
  // The issuer row every member belongs to (the schema allows several; one is created by default).
  await ensureIssuer(parts.db, { name: config.ISSUER_NAME, nameEn: config.ISSUER_NAME_EN, ranges: [] });
  const lines = [
    '',
    `  ninsho ACS is running at ${base}`,
    `  AReq endpoint ${base}/3ds/areq · health ${base}/readyz · metrics ${base}/metrics`,
  ];
  if (config.SEED_DEMO) {
    const demo = await seedDemo({ db: parts.db, keys: parts.keys, clock: parts.clock });
    await parts.ranges.load();
    if (demo.seeded) await seedDemoMaintenance(parts);
    lines.push(
      '',
      '  Try it:',
      `    demo shop          ${base}/demo/shop`,
      `    member portal      ${base}/enet   (e-net ID below, password ${DEMO_PORTAL_PASSWORD})`,
      `    notices            ${base}/notices`,
      ...(config.SMS_PROVIDER === 'outbox' ? [`    phone inbox (SMS)  ${base}/dev/phone   ← open side by side`] : []),
      ...(config.SMTP_URL ? [] : [`    mail inbox         ${base}/dev/mail    (emails: password links, receipts)`]),
      '',
      '  Demo cards (pick them in the shop; the e-net ID is what you type in the challenge):',
      ...demo.cards.map((c) => `    ${c.maskedPan}  ${c.enetId.padEnd(12)} ${c.labelEn}`),
    );
  }
  // Back-office console: first admin (and demo operators with SEED_DEMO); passwords printed once, dev only.
  lines.push(...(await bootstrapConsole(parts.db, config, parts.clock.now())));
  return `${lines.join('\n')}\n\n`;
}

/** A maintenance window a week ahead, announced now (terms art. 11-2), so /notices has something to show. */
async function seedDemoMaintenance(parts: StartupParts): Promise<void> {
  const now = parts.clock.now().getTime();
  const startsAt = new Date(now + 7 * 86_400_000);
  await scheduleMaintenance(
    { db: parts.db, clock: parts.clock },
    {
      scope: 'all',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      noticeHours: 7 * 24,
      title: 'システムメンテナンスのお知らせ',
      titleEn: 'Scheduled maintenance',
      body: 'システムメンテナンスのため、本人認証サービスを一時停止します。停止中はオンラインでのカード決済で本人認証ができません。',
      bodyEn:
        'The authentication service will be paused for system maintenance. Online card payments that need authentication cannot be completed during the pause.',
    },
    'system:demo',
  );
}
