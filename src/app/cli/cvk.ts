import { parseArgs } from 'node:util';
import { ServiceError } from '../../core/errors.ts';
import {
  beginCeremony,
  cancelCeremony,
  enterComponent,
  finishCeremony,
  generateKey,
} from '../../features/keys/ceremony.ts';
import { activateKey, type KeyDeps, keyOverview, registerKey } from '../../features/keys/service.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Db } from '../../storage/database.ts';
import type { Config } from '../config.ts';
import { openKeyRing, systemClock } from '../runtime.ts';

export const CVK_USAGE = `  cvk begin --components 2|3 --officer <name>
                     start a CVK import; prints the ceremony id
  cvk component <ceremony-id> --officer <name>
                     enter one component (32 hex digits, A then B) at a hidden prompt or on stdin; prints its KCV
  cvk finish <ceremony-id> --officer <name>     combine the components: the key is loaded, its KCV printed
  cvk cancel <ceremony-id> --officer <name>     abandon a ceremony and delete its components
  cvk generate --officer <name>                 generate a CVK inside the service instead
  cvk register <cvk-id> --reference <text> [--date YYYY-MM-DD] --officer <name>
                     record that the key was registered with Visa in its slot
  cvk activate <cvk-id> --officer <name>        activate it (a second officer: not who loaded or registered it)
  cvk list | keys list                          every key: CVK slots, states, KCVs and dates; other key versions
`;

const OPTIONS = {
  components: { type: 'string' },
  officer: { type: 'string' },
  reference: { type: 'string' },
  date: { type: 'string' },
} as const;

const OFFICER = /^[A-Za-z0-9._@-]{1,40}$/;

/**
 * `npm run ninsho -- cvk …` (docs/operations.md "CAVV key ceremony"). Officers are named with `--officer`
 * (audited as `cli:<name>`); a component is never taken from argv. Undefined for other commands.
 */
export async function runCvkCommand(
  config: Config,
  db: Db,
  logger: Logger,
  argv: string[],
  io: { readSecret: (prompt: string) => Promise<string>; out: (text: string) => void } = {
    readSecret,
    out: (text) => process.stdout.write(text),
  },
): Promise<number | undefined> {
  const [command, sub, ...rest] = argv;
  if (!(command === 'cvk' || (command === 'keys' && sub === 'list'))) return undefined;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true });
  const deps: KeyDeps = { db, keys: await openKeyRing(config, db, logger), clock: systemClock, config };
  const officer = () => {
    const name = values.officer ?? '';
    if (!OFFICER.test(name))
      throw new ServiceError('invalid', '--officer <name> is required (letters, digits, . _ @ -)', 'officer');
    return `cli:${name}`;
  };
  const id = () => {
    const value = positionals[0];
    if (!value) throw new ServiceError('invalid', 'the id is required', 'id');
    return value;
  };
  const { out } = io;
  try {
    if (command === 'keys' || sub === 'list') {
      out(await keyListing(deps));
    } else if (sub === 'begin') {
      const by = officer();
      out(`${await beginCeremony(deps, Number(values.components ?? ''), by)}\n`);
    } else if (sub === 'component') {
      const ceremony = id();
      const by = officer();
      const text = await io.readSecret(`component for ${ceremony} (32 hex digits, not echoed): `);
      const entered = await enterComponent(deps, ceremony, by, text);
      out(
        `component ${entered.number} entered, KCV ${entered.kcv}` +
          `${entered.oddParity ? '' : ' (warning: not odd parity; the combined key is set to odd parity)'}; ` +
          `${entered.remaining} still to enter\n`,
      );
    } else if (sub === 'finish') {
      const loaded = await finishCeremony(deps, id(), officer());
      out(`CVK ${loaded.id} loaded in slot 0${loaded.keyIndicator}, KCV ${loaded.kcv}\n`);
    } else if (sub === 'cancel') {
      await cancelCeremony(deps, id(), officer());
      out('ceremony cancelled, its components deleted\n');
    } else if (sub === 'generate') {
      const loaded = await generateKey(deps, officer());
      out(`CVK ${loaded.id} generated and loaded in slot 0${loaded.keyIndicator}, KCV ${loaded.kcv}\n`);
    } else if (sub === 'register') {
      const key = id();
      await registerKey(deps, key, officer(), {
        reference: values.reference ?? '',
        ...(values.date && { registeredOn: values.date }),
      });
      out(`CVK ${key} recorded as registered with Visa\n`);
    } else if (sub === 'activate') {
      const done = await activateKey(deps, id(), officer());
      out(
        `CVK ${positionals[0]} active: it issues CAVVs from ${done.from.toISOString()}` +
          `${done.previous ? `; ${done.previous.id} verifies until ${done.previous.graceEndsAt.toISOString()}` : ''}\n`,
      );
    } else {
      throw new ServiceError('invalid', `unknown cvk command: ${sub ?? ''}`);
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

async function keyListing(deps: KeyDeps): Promise<string> {
  const { cvks, ceremonies, others } = await keyOverview(deps);
  const when = (d: Date | null) => (d ? d.toISOString() : '-');
  const lines = [
    'CAVV keys (CVK):',
    'id\tslot\tstate\tKCV\tloaded\tregistered\tactivated\tretiring\tgrace ends\tretired',
  ];
  for (const k of cvks) {
    lines.push(
      [
        k.id,
        `0${k.key_indicator}`,
        k.state,
        k.kcv ?? '(computed at next load)',
        `${when(k.loaded_at)} ${k.loaded_by}`,
        k.registered_at
          ? `${when(k.registered_at)} ${k.registered_by} "${k.visa_reference}" ${k.visa_registered_on}`
          : '-',
        k.activated_at ? `${when(k.activated_at)} ${k.activated_by}` : '-',
        when(k.retiring_at),
        when(k.grace_ends_at),
        when(k.retired_at),
      ].join('\t'),
    );
  }
  if (ceremonies.length > 0) {
    lines.push('', 'Open ceremonies:');
    for (const c of ceremonies) {
      const entered = c.entered.map((e) => `${e.number}:${e.officer}`).join(' ') || 'none';
      lines.push(
        `${c.id}\t${c.components} components\tstarted ${when(c.started_at)} ${c.started_by}\tentered ${entered}`,
      );
    }
  }
  lines.push('', 'Other keys (version and creation only; no fingerprint is shown):');
  for (const o of others) lines.push(`${o.purpose}\tv${o.version}\t${when(o.created_at)}`);
  return `${lines.join('\n')}\n`;
}

/** A line from a hidden prompt on a terminal, or the first line of stdin otherwise (scripts, tests). */
async function readSecret(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) {
      text += String(chunk);
      if (text.includes('\n')) break;
    }
    return text.split('\n')[0] ?? '';
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve) => {
    let typed = '';
    const done = (value: string) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(typed);
        if (ch === '\u0003') return done('');
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}
