import { parseArgs } from 'node:util';
import { ServiceError } from '../../core/errors.ts';
import { ensureIssuer } from '../../features/issuer-api/issuers.ts';
import {
  activeCardsInRange,
  deleteCardRange,
  listRangeViews,
  putCardRange,
} from '../../features/issuer-api/range-admin.ts';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import type { Db } from '../../storage/database.ts';
import type { Config } from '../config.ts';
import { systemClock } from '../runtime.ts';

const ACTOR = 'cli';
const OPTIONS = {
  start: { type: 'string' },
  end: { type: 'string' },
  yes: { type: 'boolean' },
  reason: { type: 'string' },
} as const;

export const RANGES_USAGE = `  ranges list        the card ranges this ACS serves (id, start, end)
  ranges put <id> --start <pan> --end <pan>
                     create or change a card range (13–19 digits, both of one length); refused if it overlaps
  ranges delete <id> --yes [--reason <text>]
                     delete a card range: prints how many active cards lose authentication (Erro 305)
`;

/**
 * `npm run ninsho -- ranges …` (docs/operations.md "Card ranges"). Audited as `cli`; running nodes pick the change
 * up within seconds (NOTIFY, then their generation check). Returns undefined for other commands.
 */
export async function runRangesCommand(
  db: Db,
  config: Config,
  keys: () => Promise<KeyRing>,
  argv: string[],
): Promise<number | undefined> {
  const [command, sub, ...rest] = argv;
  if (command !== 'ranges' || !['list', 'put', 'delete'].includes(sub ?? '')) return undefined;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true });
  const deps = { db, clock: systemClock };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (sub === 'list') {
      for (const r of await listRangeViews(db)) out(`${r.rangeId}\t${r.startRange}\t${r.endRange}`);
      return 0;
    }
    const id = positionals[0];
    if (!id) throw new ServiceError('invalid', 'the range id is required', 'rangeId');
    if (sub === 'put') {
      // A range belongs to the issuer row the service creates at its first start; the CLI may come first.
      await ensureIssuer(db, { name: config.ISSUER_NAME, nameEn: config.ISSUER_NAME_EN, ranges: [] });
      const input = { startRange: values.start ?? '', endRange: values.end ?? '' };
      const { created, changed } = await putCardRange(deps, id, input, ACTOR);
      out(`${created ? 'created' : changed ? 'updated' : 'unchanged'} ${id} ${input.startRange}–${input.endRange}`);
      return 0;
    }
    const cards = await activeCardsInRange({ db, keys: await keys() }, id);
    out(`${id}: ${cards} active card(s) in this range will no longer authenticate (Erro 305)`);
    if (!values.yes) {
      out('not deleted: repeat with --yes to delete it');
      return 2;
    }
    await deleteCardRange(deps, id, ACTOR, { reason: values.reason ?? 'deleted from the CLI' });
    out(`deleted ${id}`);
    return 0;
  } catch (err) {
    if (err instanceof ServiceError) {
      process.stderr.write(`${err.message}\n`);
      return err.code === 'not_found' ? 1 : 2;
    }
    throw err;
  }
}
