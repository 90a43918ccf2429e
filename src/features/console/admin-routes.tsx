import { newSessionToken } from '../../app/http/session.ts';
import { ServiceError } from '../../core/errors.ts';
import type { ConsoleRouteKey } from './access.ts';
import type { Handler, Signed } from './guard.tsx';
import { type Ctx, formAll, withLang, writeConsoleCookie } from './http.ts';
import { fmt, Hidden, t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { createApiToken, listApiTokens, revokeApiToken } from './service/api-tokens.ts';
import { changeOperator, createOperator, listOperators } from './service/operators.ts';
import { isRole, ROLES } from './service/roles.ts';

async function operatorsPage(c: Ctx, s: Signed, created?: { username: string; password: string }) {
  const l = t(s.lang);
  const rows = await listOperators(s.web.deps.db);
  return sendConsolePage(
    c,
    s,
    l('オペレーター', 'Operators'),
    <>
      {created ? (
        <p class="notice info" role="status">
          {l('初期パスワード（この画面でのみ表示）', 'Initial password (shown only now)')}:{' '}
          <strong id="new-username">{created.username}</strong> /{' '}
          <strong class="secret" id="new-password">
            {created.password}
          </strong>
        </p>
      ) : null}
      <form class="inline" method="post" action={withLang(s.lang, '/console/operators')}>
        <Hidden csrf={s.csrf} />
        <div class="field">
          <label for="username">{l('ユーザー名', 'Username')}</label>
          <input id="username" name="username" required />
        </div>
        <div class="field">
          <label for="displayName">{l('表示名', 'Display name')}</label>
          <input id="displayName" name="displayName" required />
        </div>
        <div class="field">
          <label for="role">{l('ロール', 'Role')}</label>
          <select id="role" name="role">
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </div>
        <button type="submit">{l('作成', 'Create')}</button>
      </form>
      <table>
        <tbody>
          {rows.map((o) => (
            <tr>
              <td>{o.username}</td>
              <td>{o.display_name}</td>
              <td>{o.role}</td>
              <td>{o.totp_secret_enc ? 'TOTP ✓' : 'TOTP —'}</td>
              <td>{o.disabled_at ? `disabled ${fmt(o.disabled_at)}` : ''}</td>
              <td>
                {o.id !== s.op.id && !o.disabled_at ? (
                  <form class="inline" method="post" action={withLang(s.lang, `/console/operators/${o.id}/change`)}>
                    <Hidden csrf={s.csrf} />
                    <input name="reason" aria-label="reason" required />
                    <button name="change" value="disable" type="submit">
                      {l('無効化', 'Disable')}
                    </button>
                    <button name="change" value="reset_totp" type="submit">
                      {l('TOTP 再登録', 'Reset TOTP')}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}

async function tokensPage(c: Ctx, s: Signed, created?: string) {
  const l = t(s.lang);
  const rows = await listApiTokens(s.web.deps.db);
  return sendConsolePage(
    c,
    s,
    l('API トークン', 'API tokens'),
    <>
      {created ? (
        <p class="notice info" role="status">
          {l('トークン（この画面でのみ表示）', 'Token (shown only now)')}:{' '}
          <strong class="secret" id="new-token">
            {created}
          </strong>
        </p>
      ) : null}
      <form class="inline" method="post" action={withLang(s.lang, '/console/tokens')}>
        <Hidden csrf={s.csrf} />
        <div class="field">
          <label for="name">{l('名前', 'Name')}</label>
          <input id="name" name="name" required />
        </div>
        <label>
          <input type="checkbox" name="scopes" value="issuer" /> issuer API
        </label>
        <label>
          <input type="checkbox" name="scopes" value="cavv" /> CAVV verify
        </label>
        <button type="submit">{l('作成', 'Create')}</button>
      </form>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{r.name}</td>
              <td>{r.scopes}</td>
              <td>{r.created_by}</td>
              <td>{fmt(r.created_at)}</td>
              <td>
                {r.revoked_at ? (
                  `revoked ${fmt(r.revoked_at)}`
                ) : (
                  <form class="inline" method="post" action={withLang(s.lang, `/console/tokens/${r.id}/revoke`)}>
                    <Hidden csrf={s.csrf} />
                    <input name="reason" aria-label="reason" />
                    <button type="submit">{l('失効', 'Revoke')}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}

export const adminHandlers = {
  'GET /console/operators': (c, s) => operatorsPage(c, s),
  'POST /console/operators': async (c, s) => {
    const role = s.f('role');
    if (!isRole(role)) throw new ServiceError('invalid', 'unknown role', 'role');
    const username = s.f('username').trim();
    const made = await createOperator(
      s.web.deps.db,
      { username, displayName: s.f('displayName'), role },
      s.op,
      s.web.deps.clock.now(),
    );
    return operatorsPage(c, s, { username, password: made.password });
  },
  'POST /console/operators/:id/change': async (c, s) => {
    const change = s.f('change') === 'disable' ? 'disable' : 'reset_totp';
    await changeOperator(s.web.deps.db, s.op, c.req.param('id') ?? '', change, s.f('reason'), s.web.deps.clock.now());
    return c.redirect(withLang(s.lang, '/console/operators'), 303);
  },
  'GET /console/tokens': (c, s) => tokensPage(c, s),
  'POST /console/tokens': async (c, s) => {
    const made = await createApiToken(
      s.web.deps.db,
      s.web.deps.keys,
      s.op,
      s.f('name'),
      await formAll(c, 'scopes'),
      s.web.deps.clock.now(),
    );
    return tokensPage(c, s, made.token);
  },
  'POST /console/tokens/:id/revoke': async (c, s) => {
    await revokeApiToken(s.web.deps.db, s.op, c.req.param('id') ?? '', s.f('reason'), s.web.deps.clock.now());
    return c.redirect(withLang(s.lang, '/console/tokens'), 303);
  },
  'POST /console/sign-out': async (c, s) => {
    await s.web.store.revoke(s.web.deps.db, s.token, 'signed_out', s.web.deps.clock.now());
    writeConsoleCookie(c, newSessionToken());
    return c.redirect(withLang(s.lang, '/console/sign-in'), 303);
  },
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;
