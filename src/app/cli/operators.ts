import { ServiceError } from '../../core/errors.ts';
import { listOperatorAccounts, resetOperatorFromCli } from '../../features/console/service/operator-accounts.ts';
import type { Db } from '../../storage/database.ts';
import { systemClock } from '../runtime.ts';

export const OPERATORS_USAGE = `  operators list     console operators (username, role, TOTP enrolled, must change password, disabled)
  operators reset-password <username>
                     issue a temporary password (printed once; changed at the next sign-in); ends their sessions
  operators reset-totp <username>
                     clear their TOTP so they enrol again at the next sign-in; ends their sessions
`;

/**
 * `npm run ninsho -- operators …` (docs/operations.md "Operator accounts"): audited as `cli`, at once whatever the
 * role — the way back when the only admin has lost their password. Returns undefined for other commands.
 */
export async function runOperatorsCommand(db: Db, argv: string[]): Promise<number | undefined> {
  const [command, sub, username] = argv;
  if (command !== 'operators' || !['list', 'reset-password', 'reset-totp'].includes(sub ?? '')) return undefined;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (sub === 'list') {
      for (const o of await listOperatorAccounts(db))
        out(
          [
            o.username,
            o.role,
            o.totp_secret_enc ? 'totp' : 'no-totp',
            o.password_must_change ? 'must-change' : '-',
            o.disabled_at ? 'disabled' : 'active',
          ].join('\t'),
        );
      return 0;
    }
    if (!username) throw new ServiceError('invalid', 'the username is required', 'username');
    const change = sub === 'reset-password' ? 'reset_password' : 'reset_totp';
    const result = await resetOperatorFromCli(db, username, change, systemClock.now());
    if (result.password) {
      out(`temporary password for ${username} (shown once; must be changed at the next sign-in):`);
      out(result.password);
    } else {
      out(`TOTP cleared for ${username}: they enrol again at the next sign-in`);
    }
    return 0;
  } catch (err) {
    if (err instanceof ServiceError) {
      process.stderr.write(`${err.message}\n`);
      return err.code === 'not_found' ? 1 : 2;
    }
    throw err;
  }
}
