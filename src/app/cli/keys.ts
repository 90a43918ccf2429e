import { parseArgs } from 'node:util';
import { reencryptAll } from '../../infra/crypto/key-rotation.ts';
import { KEY_REFRESH_MS } from '../../infra/crypto/keyring.ts';
import { rewrapAll, wrappedKeyStatus } from '../../infra/crypto/master-key-rewrap.ts';
import type { MasterKeys } from '../../infra/crypto/master-keys.ts';
import type { Logger } from '../../infra/logger.ts';
import { type Db, withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import type { Config } from '../config.ts';
import { loadMasterKeys, openKeyRing } from '../runtime.ts';

const ACTOR = 'cli';

export const KEYS_USAGE = `  keys rotate        create a new data-key version (new writes use it), then re-encrypt stored data
  keys reencrypt     re-encrypt every sealed value (PANs, phones, logged cardholder data, …) under older data keys
  keys status        how many wrapped keys are under which master key id (current, previous, unknown)
  keys rewrap [--pause-ms <n>]
                     re-wrap every stored key under NINSHO_MASTER_KEY; ONLY once every node also holds the old
                     key in NINSHO_MASTER_KEY_PREVIOUS (docs/operations.md "Replacing the master key")
`;

/** `keys …` commands. Returns undefined for other commands. */
export async function runKeysCommand(
  config: Config,
  db: Db,
  logger: Logger,
  argv: readonly string[],
): Promise<number | undefined> {
  const [command, sub, ...rest] = argv;
  if (command !== 'keys') return undefined;
  if (sub === 'rotate' || sub === 'reencrypt') {
    const keys = await openKeyRing(config, db, logger);
    if (sub === 'rotate') {
      process.stdout.write(`data key version ${await keys.rotate('data')} is now current\n`);
      // Running nodes reload keys every KEY_REFRESH_MS; re-encrypting before they know the new key would
      // leave them unable to read what we rewrite.
      const wait = KEY_REFRESH_MS + 5_000;
      process.stdout.write(`waiting ${wait / 1000} s for every node to load it…\n`);
      await new Promise((r) => setTimeout(r, wait));
    }
    const counts = await reencryptAll(db, keys);
    process.stdout.write(
      `re-encrypted: ${counts.cards} cards, ${counts.phones} phone bindings, ${counts.sms} SMS, ` +
        `${counts.messages} logged messages, ${counts.other} other sealed values\n`,
    );
    return 0;
  }
  if (sub === 'status') return status(db, loadMasterKeys(config, logger));
  if (sub === 'rewrap') {
    const { values } = parseArgs({ args: [...rest], options: { 'pause-ms': { type: 'string' } } });
    const pauseMs = Number(values['pause-ms'] ?? 0);
    if (!Number.isInteger(pauseMs) || pauseMs < 0 || pauseMs > 60_000) {
      process.stderr.write('--pause-ms must be a whole number of milliseconds, 0 to 60000\n');
      return 2;
    }
    return rewrap(db, loadMasterKeys(config, logger), pauseMs);
  }
  return undefined;
}

function describeMasters(masters: MasterKeys): string {
  const previous = masters.previousIds.length ? masters.previousIds.join(', ') : 'none';
  return `NINSHO_MASTER_KEY is master key id ${masters.currentId}; NINSHO_MASTER_KEY_PREVIOUS: ${previous}\n`;
}

async function status(db: Db, masters: MasterKeys): Promise<number> {
  process.stdout.write(describeMasters(masters));
  let left = 0;
  for (const t of await wrappedKeyStatus(db, masters)) {
    process.stdout.write(`${t.table}: ${t.total} wrapped keys\n`);
    for (const g of t.groups) {
      const format = g.format === 'w1' ? ' (unnamed w1 format)' : '';
      process.stdout.write(`  ${g.masterKeyId.padEnd(12)} ${String(g.count).padStart(6)}  ${g.role}${format}\n`);
    }
    left += t.left;
  }
  process.stdout.write(`${left} wrapped keys not yet under the current master key\n`);
  return 0;
}

async function rewrap(db: Db, masters: MasterKeys, pauseMs: number): Promise<number> {
  process.stdout.write(
    '*** Run `keys rewrap` only when EVERY node runs with the new key as NINSHO_MASTER_KEY and the old key in\n' +
      '*** NINSHO_MASTER_KEY_PREVIOUS. A node started with the old key alone keeps the keys it has loaded, but cannot\n' +
      '*** restart, nor load a key created later. Their start-up logs show `masterKeyId` and `previousMasterKeyIds`.\n',
  );
  process.stdout.write(describeMasters(masters));
  const at = () => new Date();
  const subject = { actor: ACTOR, subjectType: 'master_key', subjectId: masters.currentId };
  await withTransaction(db, (trx) =>
    appendAudit(trx, {
      ...subject,
      action: 'keys.rewrap.start',
      after: { masterKeyId: masters.currentId, previousMasterKeyIds: masters.previousIds },
      at: at(),
    }),
  );
  const result = await rewrapAll(db, masters, {
    pauseMs,
    onRow: (e, done, of) => {
      const id = Object.values(e.id).join(' v');
      const what =
        e.outcome === 'rewrapped'
          ? `rewrapped (was under ${e.masterKeyId})`
          : e.outcome === 'elsewhere'
            ? 'changed by another run meanwhile, left as it is'
            : `UNREADABLE: no key held here opens it (names ${e.masterKeyId})`;
      process.stdout.write(`${done}/${of} ${e.table} ${id}: ${what}\n`);
    },
  });
  const summary = {
    found: result.found,
    rewrapped: result.rewrapped,
    elsewhere: result.elsewhere,
    unreadable: result.unreadable.length,
    left: result.left,
  };
  await withTransaction(db, (trx) =>
    appendAudit(trx, { ...subject, action: 'keys.rewrap.finish', after: summary, at: at() }),
  );
  process.stdout.write(
    `done: ${result.rewrapped} rewrapped, ${result.elsewhere} changed by another run, ` +
      `${result.unreadable.length} unreadable; ${result.left} left under other master keys\n`,
  );
  if (result.left > 0) {
    process.stdout.write(
      'Not finished: run it again; keys no configured master key opens need their old key in NINSHO_MASTER_KEY_PREVIOUS.\n',
    );
    return 1;
  }
  process.stdout.write(
    `Every wrapped key is under master key id ${masters.currentId}. NINSHO_MASTER_KEY_PREVIOUS can now be removed ` +
      'from every node (rolling restart); keep the old key in the secret store until backups made before now expire.\n',
  );
  return 0;
}
