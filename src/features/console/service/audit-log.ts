import type { Lang } from '../../../core/i18n.ts';
import type { Executor } from '../../../storage/database.ts';
import { listApiTokenRows } from '../../../storage/repositories/api-tokens.ts';
import { type AuditFilter, browseAuditRows } from '../../../storage/repositories/audit.ts';
import { listOperatorRows } from '../../../storage/repositories/operators.ts';

export type { AuditFilter };

/** Audit rows, newest first; before/after were masked when written. */
export async function browseAudit(db: Executor, f: AuditFilter, limit = 100) {
  return browseAuditRows(db, f, limit);
}

/** Who the actors of audit rows are (src/app/deps.ts `Actor`): operators by username, API tokens by name. */
export interface ActorDirectory {
  operators: ReadonlyMap<string, string>;
  tokens: ReadonlyMap<string, string>;
}

export async function actorDirectory(db: Executor): Promise<ActorDirectory> {
  const [ops, tokens] = await Promise.all([listOperatorRows(db), listApiTokenRows(db)]);
  return {
    operators: new Map(ops.map((o) => [o.id, o.username])),
    tokens: new Map(tokens.map((t) => [t.id, t.name])),
  };
}

/**
 * `operator:opr_…` → `admin`, `issuer-api:<id>` → `API: <token name>`, `system` (`system:demo-seed`) and `cli` in
 * words; else as stored.
 */
export function actorName(dir: ActorDirectory, actor: string, lang: Lang): string {
  const [kind, ...rest] = actor.split(':');
  const id = rest.join(':');
  if (kind === 'operator' && dir.operators.has(id)) return dir.operators.get(id) ?? actor;
  if (kind === 'issuer-api') return `API: ${dir.tokens.get(id) ?? id}`;
  if (kind === 'member') return lang === 'en' ? `member ${id}` : `会員 ${id}`;
  if (kind === 'system') {
    const system = lang === 'en' ? 'system' : 'システム';
    // `system:demo-seed` and the like: which part of the service acted.
    return id ? (lang === 'en' ? `${system} (${id})` : `${system}（${id}）`) : system;
  }
  if (actor === 'cli') return lang === 'en' ? 'CLI' : 'CLI（コマンド）';
  return actor;
}

/**
 * The actor filter accepts what the table shows: a username, `API: <token name>` or a token name, `システム`,
 * or the stored form (`operator:opr_…`). Spaces around it and letter case of names are forgiven.
 */
export function actorFilterOf(dir: ActorDirectory, input: string): string {
  const typed = input.trim();
  const lower = typed.toLowerCase();
  for (const [id, username] of dir.operators) if (username.toLowerCase() === lower) return `operator:${id}`;
  const tokenName = lower.replace(/^api:\s*/, '');
  for (const [id, name] of dir.tokens) if (name.toLowerCase() === tokenName) return `issuer-api:${id}`;
  if (typed === 'システム') return 'system';
  if (lower === 'cli（コマンド）') return 'cli';
  return typed;
}
