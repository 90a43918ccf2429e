import { verifyAuditChain } from '../../features/console/service/audit-verify.ts';
import { createLogger } from '../../infra/logger.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openConfiguredDatabase, openKeyRing } from '../runtime.ts';
import { CERT_USAGE, runCertCommand } from './cert.ts';
import { CVK_USAGE, runCvkCommand } from './cvk.ts';
import { runImportCommand } from './import.ts';
import { KEYS_USAGE, runKeysCommand } from './keys.ts';
import { runOperationsCommand } from './operations.ts';
import { OPERATORS_USAGE, runOperatorsCommand } from './operators.ts';
import { RANGES_USAGE, runRangesCommand } from './ranges.ts';

/** `npm run ninsho -- <command>`: the operations an operator scripts. */
const USAGE = `usage: npm run ninsho -- <command>
  migrate            apply pending database migrations
${KEYS_USAGE}${CVK_USAGE}  audit verify       check the audit log's hash chain; names the first bad row, exit code 1 when broken
  window create --scope all|sms|registration|range:<id> --start <ISO> --end <ISO> [--notice-hours 72]
                --title <ja> --body <ja> [--title-en <en>] [--body-en <en>]
                     schedule a maintenance window (announced on /notices when the notice period begins)
  emergency start --scope <scope> --title <ja> --body <ja> [--title-en] [--body-en]
                     stop (part of) the service now; prints the window id
  emergency stop <window-id> [--reason <text>]
  import <file.ndjson> [--import-id <id>] [--json]
                     bulk enrolment: members, cards, phones, one per line (resumable with the same id)
  notice publish --kind service_change|maintenance|emergency|terms --title <ja> --body <ja> [--title-en] [--body-en]
${RANGES_USAGE}${CERT_USAGE}${OPERATORS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  // Certificate files need no database (install opens it for its audit row).
  if (command === 'cert') return runCertCommand(argv.slice(1));
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await openConfiguredDatabase(config, logger);
  try {
    if (command === 'migrate') {
      process.stdout.write('migrations are up to date\n');
      return 0;
    }
    const keys = await runKeysCommand(config, db, logger, argv);
    if (keys !== undefined) return keys;
    if (command === 'audit' && sub === 'verify') {
      const result = await verifyAuditChain(db);
      if (result.ok) {
        process.stdout.write(`audit chain intact: ${result.rows} rows\n`);
        return 0;
      }
      const bad = result.firstBad;
      process.stdout.write(`audit chain BROKEN at seq ${bad?.seq} (id ${bad?.id}): ${bad?.problem}\n`);
      return 1;
    }
    const ranges = await runRangesCommand(db, config, () => openKeyRing(config, db, logger), argv);
    if (ranges !== undefined) return ranges;
    const cvk = await runCvkCommand(config, db, logger, argv);
    if (cvk !== undefined) return cvk;
    if (command === 'import') return await runImportCommand(db, await openKeyRing(config, db, logger), argv.slice(1));
    const operators = await runOperatorsCommand(db, argv);
    if (operators !== undefined) return operators;
    const ops = await runOperationsCommand(db, argv);
    if (ops !== undefined) return ops;
    process.stderr.write(`unknown command: ${argv.join(' ')}\n${USAGE}`);
    return 2;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : `ninsho: ${err instanceof Error ? err.message : String(err)}`}\n`,
    );
    process.exit(1);
  },
);
