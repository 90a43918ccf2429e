import type { Config } from './config.ts';
import type { Clock } from './core/ports.ts';
import type { KeyRing } from './crypto/keyring.ts';
import { seedDemo } from './demo/seed.ts';
import type { Logger } from './logger.ts';
import type { CardRangeCache } from './services/card-ranges.ts';
import { bootstrapConsole } from './services/console/operators.ts';
import { ensureIssuer } from './services/issuers.ts';
import type { Db } from './storage/database.ts';

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
    lines.push(
      '',
      '  Try it:',
      `    demo shop          ${base}/demo/shop`,
      ...(config.SMS_PROVIDER === 'outbox' ? [`    phone inbox (SMS)  ${base}/dev/phone   ← open side by side`] : []),
      '',
      '  Demo cards (pick them in the shop; the e-net ID is what you type in the challenge):',
      ...demo.cards.map((c) => `    ${c.maskedPan}  ${c.enetId.padEnd(12)} ${c.labelEn}`),
    );
  }
  // Back-office console: first admin (and demo operators with SEED_DEMO); passwords printed once, dev only.
  lines.push(...(await bootstrapConsole(parts.db, config, parts.clock.now())));
  return `${lines.join('\n')}\n\n`;
}
