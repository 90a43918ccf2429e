import { activeOperatorsByRole, liveApiTokenCount } from '../../../storage/repositories/go-live-reads.ts';
import { type GoLiveCheck, texts } from './check.ts';

/** NINSHO_MASTER_KEY comes from the environment (a secret store), not a key generated into the data directory. */
export const masterKeyCheck: GoLiveCheck = {
  id: 'master-key',
  title: texts('マスターキー', 'Master key'),
  run: async ({ config }) =>
    config.NINSHO_MASTER_KEY
      ? {
          status: 'ok',
          detail: texts(
            'NINSHO_MASTER_KEY は環境から与えられています。',
            'NINSHO_MASTER_KEY comes from the environment.',
          ),
        }
      : {
          status: config.NODE_ENV === 'production' ? 'fail' : 'warn',
          detail: texts(
            'NINSHO_MASTER_KEY が未設定のため、データディレクトリに生成した開発用の鍵を使っています。',
            'NINSHO_MASTER_KEY is not set: a development key generated into the data directory is in use.',
          ),
          fix: texts(
            'シークレットストアの 32 バイト鍵（base64）を NINSHO_MASTER_KEY に設定して再起動（docs/operations.md「Going live」）。',
            'Set NINSHO_MASTER_KEY to a 32-byte key (base64) from your secret store and restart (docs/operations.md "Going live").',
          ),
        },
};

/** PostgreSQL, not the embedded development database. */
export const databaseCheck: GoLiveCheck = {
  id: 'database',
  title: texts('データベース', 'Database'),
  run: async ({ config }) =>
    config.DATABASE_URL
      ? {
          status: 'ok',
          detail: texts('PostgreSQL（DATABASE_URL）を使っています。', 'PostgreSQL (DATABASE_URL) is in use.'),
        }
      : {
          status: config.NODE_ENV === 'production' ? 'fail' : 'warn',
          detail: texts(
            '組み込みデータベース（PGlite、開発用）を使っています。',
            'The embedded database (PGlite, for development) is in use.',
          ),
          fix: texts(
            'DATABASE_URL に PostgreSQL を設定し、`npm run migrate` の後に再起動。',
            'Set DATABASE_URL to PostgreSQL, run `npm run migrate`, then restart.',
          ),
        },
};

/** The issuer's systems can call the API: at least one live token (ISSUER_API_TOKEN or one made in the console). */
export const apiTokenCheck: GoLiveCheck = {
  id: 'api-token',
  title: texts('イシュア API トークン', 'Issuer API token'),
  run: async ({ db }) => {
    const n = await liveApiTokenCount(db);
    return n > 0
      ? { status: 'ok', detail: texts(`有効なトークンが ${n} 件あります。`, `${n} live token(s).`) }
      : {
          status: 'fail',
          detail: texts('有効な API トークンがありません。', 'No live API token.'),
          fix: texts(
            'ISSUER_API_TOKEN を設定して再起動、またはコンソール「API トークン」で発行。',
            'Set ISSUER_API_TOKEN and restart, or issue one on the console screen "API tokens".',
          ),
        };
  },
};

/**
 * Console people: every active admin has a second factor, and there are two operators, because a four-eyes
 * request (deregistration, terms art. 8-1-3/4/5) needs a requester and a different approver.
 */
export const operatorsCheck: GoLiveCheck = {
  id: 'operators',
  title: texts('コンソールのオペレーター', 'Console operators'),
  run: async ({ db }) => {
    const roles = await activeOperatorsByRole(db);
    const admins = roles.find((r) => r.role === 'admin');
    const operators = roles.find((r) => r.role === 'operator')?.active ?? 0;
    const adminsWithout = admins?.withoutTotp ?? 0;
    if (adminsWithout === 0 && operators >= 2)
      return {
        status: 'ok',
        detail: texts(
          `管理者は全員 2 要素認証を登録済み、オペレーターは ${operators} 名です。`,
          `Every admin has two-factor sign-in; ${operators} operators.`,
        ),
      };
    const problems: string[][] = [];
    if (adminsWithout > 0)
      problems.push([
        `2 要素認証を未登録の管理者が ${adminsWithout} 名います。`,
        `${adminsWithout} admin(s) have not enrolled two-factor sign-in.`,
      ]);
    if (operators < 2)
      problems.push([
        `オペレーターが ${operators} 名です（二者承認には 2 名必要）。`,
        `${operators} operator(s): four-eyes approval needs two.`,
      ]);
    return {
      status: 'warn',
      detail: texts(problems.map((p) => p[0]).join(' '), problems.map((p) => p[1]).join(' ')),
      fix: texts(
        'コンソール「オペレーター」で追加し、各自が初回サインインで 2 要素認証を登録。',
        'Add people on the console screen "Operators"; each enrols two-factor sign-in at first sign-in.',
      ),
    };
  },
};
