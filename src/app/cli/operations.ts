import { parseArgs } from 'node:util';
import { ServiceError } from '../../core/errors.ts';
import { publishNotice } from '../../features/operations/service/notices.ts';
import { endWindow, scheduleMaintenance, startEmergencyStop } from '../../features/operations/service/windows.ts';
import type { Db } from '../../storage/database.ts';
import type { NoticeRow } from '../../storage/tables/operations.ts';
import { systemClock } from '../runtime.ts';

const ACTOR = 'cli';
const OPTIONS = {
  scope: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  'notice-hours': { type: 'string' },
  title: { type: 'string' },
  'title-en': { type: 'string' },
  body: { type: 'string' },
  'body-en': { type: 'string' },
  kind: { type: 'string' },
  reason: { type: 'string' },
} as const;

/** Operations commands (terms art. 11 windows, art. 3-2 notices). Returns undefined for other commands. */
export async function runOperationsCommand(db: Db, argv: string[]): Promise<number | undefined> {
  const [command, sub, ...rest] = argv;
  const key = `${command} ${sub}`;
  if (!['window create', 'emergency start', 'emergency stop', 'notice publish'].includes(key)) return undefined;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true });
  const deps = { db, clock: systemClock };
  const text = () => {
    if (!values.title || !values.body) throw new ServiceError('invalid', '--title and --body are required', 'title');
    return {
      title: values.title,
      body: values.body,
      titleEn: values['title-en'] ?? values.title,
      bodyEn: values['body-en'] ?? values.body,
    };
  };
  const date = (v: string | undefined, name: string) => {
    const d = v ? new Date(v) : undefined;
    if (!d || Number.isNaN(d.getTime())) throw new ServiceError('invalid', `--${name} must be an ISO date-time`, name);
    return d;
  };
  try {
    if (key === 'window create') {
      const id = await scheduleMaintenance(
        deps,
        {
          ...text(),
          scope: values.scope ?? 'all',
          startsAt: date(values.start, 'start'),
          endsAt: date(values.end, 'end'),
          noticeHours: Number(values['notice-hours'] ?? 72),
        },
        ACTOR,
      );
      process.stdout.write(`${id}\n`);
    } else if (key === 'emergency start') {
      process.stdout.write(`${await startEmergencyStop(deps, { ...text(), scope: values.scope ?? 'all' }, ACTOR)}\n`);
    } else if (key === 'emergency stop') {
      const id = positionals[0];
      if (!id) throw new ServiceError('invalid', 'the window id is required', 'id');
      await endWindow(deps, id, ACTOR, values.reason ?? 'ended from the CLI');
      process.stdout.write(`ended ${id}\n`);
    } else {
      const kind = (values.kind ?? 'service_change') as NoticeRow['kind'];
      if (!['service_change', 'maintenance', 'emergency', 'terms'].includes(kind))
        throw new ServiceError('invalid', 'unknown --kind', 'kind');
      process.stdout.write(`${await publishNotice(deps, { ...text(), kind }, ACTOR)}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof ServiceError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
