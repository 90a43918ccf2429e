import { newSessionToken } from '../../app/http/session.ts';
import { ServiceError } from '../../core/errors.ts';
import { jstDateOf, jstTimeOf } from '../../core/investigation/jst-date.ts';
import type { ConsoleRouteKey } from './access.ts';
import type { Handler, Signed } from './guard.tsx';
import { type Ctx, formAll, withLang, writeConsoleCookie } from './http.ts';
import { fmt, Hidden, t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { createApiToken, listApiTokens, revokeApiToken } from './service/api-tokens.ts';
import { decideOperatorReset, isReset, listPendingOperatorResets, resetOperator } from './service/operator-accounts.ts';
import { changeOperator, createOperator, listOperators } from './service/operators.ts';
import { isRole, ROLES } from './service/roles.ts';

/** 「2026-12-05 04:09 JST」 */
const jst = (at: Date | string) => `${jstDateOf(new Date(at))} ${jstTimeOf(new Date(at))} JST`;

/** What the last action on the operators page produced: a password to show once, or a filed request. */
type OperatorsNotice =
  | { kind: 'password'; username: string; password: string; issued: 'created' | 'reset' }
  | { kind: 'text'; text: string };

async function operatorsPage(c: Ctx, s: Signed, notice?: OperatorsNotice) {
  const l = t(s.lang);
  const rows = await listOperators(s.web.deps.db);
  const pending = await listPendingOperatorResets(s.web.deps.db);
  const created = notice?.kind === 'password' ? notice : undefined;
  const changeName = (code: string) =>
    code === 'reset_password' ? l('パスワード再発行', 'Password reset') : l('TOTP 再登録', 'TOTP reset');
  return sendConsolePage(
    c,
    s,
    l('オペレーター', 'Operators'),
    <>
      {notice?.kind === 'text' ? (
        <p class="notice info" role="status" id="operators-notice">
          {notice.text}
        </p>
      ) : null}
      {created ? (
        <p class="notice info" role="status">
          {created.issued === 'created'
            ? l('初期パスワード（この画面でのみ表示）', 'Initial password (shown only now)')
            : l('仮パスワード（この画面でのみ表示）', 'Temporary password (shown only now)')}
          : <strong id="new-username">{created.username}</strong> /{' '}
          <strong class="secret" id="new-password">
            {created.password}
          </strong>{' '}
          {l('（初回サインイン時に本人が変更します）', '(the operator must change it at the next sign-in)')}
        </p>
      ) : null}
      {pending.length > 0 ? (
        <section aria-labelledby="pending-resets">
          <h2 id="pending-resets">{l('承認待ちの管理者リセット', 'Admin resets waiting for approval')}</h2>
          <table>
            <tbody>
              {pending.map((p) => (
                <tr>
                  <td>{p.target}</td>
                  <td>{changeName(p.reason_code)}</td>
                  <td>{p.note}</td>
                  <td>
                    {l('依頼者', 'Requested by')} {p.requester} {jst(p.requested_at)}
                  </td>
                  <td>
                    {p.requested_by === s.op.id || p.operator_id === s.op.id ? (
                      l('別の管理者の承認待ち', 'Waiting for another admin')
                    ) : (
                      <form
                        class="inline"
                        method="post"
                        action={withLang(s.lang, `/console/operators/approvals/${p.id}/decide`)}
                      >
                        <Hidden csrf={s.csrf} />
                        <label for={`decide-note-${p.id}`}>{l('メモ', 'Note')}</label>
                        <input id={`decide-note-${p.id}`} name="note" />
                        <button name="decision" value="approved" type="submit">
                          {l('承認', 'Approve')}
                        </button>
                        <button name="decision" value="rejected" type="submit">
                          {l('却下', 'Reject')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
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
              <td>{o.password_must_change ? l('パスワード変更待ち', 'Must change password') : ''}</td>
              <td>{o.disabled_at ? `disabled ${fmt(o.disabled_at)}` : ''}</td>
              <td>
                {o.id !== s.op.id && !o.disabled_at ? (
                  <form class="inline" method="post" action={withLang(s.lang, `/console/operators/${o.id}/change`)}>
                    <Hidden csrf={s.csrf} />
                    <label for={`reason-${o.id}`}>{l('理由', 'Reason')}</label>
                    <input id={`reason-${o.id}`} name="reason" required />
                    <button name="change" value="disable" type="submit">
                      {l('無効化', 'Disable')}
                    </button>
                    <button name="change" value="reset_password" type="submit">
                      {l('パスワード再発行', 'Reset password')}
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
    return operatorsPage(c, s, { kind: 'password', username, password: made.password, issued: 'created' });
  },
  'POST /console/operators/:id/change': async (c, s) => {
    const change = s.f('change');
    const id = c.req.param('id') ?? '';
    const now = s.web.deps.clock.now();
    if (change === 'disable') {
      await changeOperator(s.web.deps.db, s.op, id, 'disable', s.f('reason'), now);
      return c.redirect(withLang(s.lang, '/console/operators'), 303);
    }
    if (!isReset(change)) throw new ServiceError('invalid', 'unknown change', 'change');
    // Another admin's password or TOTP waits for a second admin (service/operator-accounts.ts).
    const outcome = await resetOperator(s.web.deps.db, s.op, id, change, s.f('reason'), now);
    const l = t(s.lang);
    if (outcome.kind === 'pending')
      return operatorsPage(c, s, {
        kind: 'text',
        text: l(
          '管理者のリセットは、別の管理者の承認後に実行されます。',
          'Resetting an admin takes effect once another admin approves it.',
        ),
      });
    if (outcome.password) {
      const target = (await listOperators(s.web.deps.db)).find((o) => o.id === id);
      return operatorsPage(c, s, {
        kind: 'password',
        username: target?.username ?? '',
        password: outcome.password,
        issued: 'reset',
      });
    }
    return operatorsPage(c, s, {
      kind: 'text',
      text: l(
        'TOTP を解除しました。次回サインイン時に再登録します。',
        'TOTP cleared: it is enrolled again at the next sign-in.',
      ),
    });
  },
  'POST /console/operators/approvals/:id/decide': async (c, s) => {
    const decision = s.f('decision') === 'approved' ? 'approved' : 'rejected';
    const result = await decideOperatorReset(
      s.web.deps.db,
      s.op,
      c.req.param('id') ?? '',
      decision,
      s.f('note'),
      s.web.deps.clock.now(),
    );
    const l = t(s.lang);
    if (result.password) {
      const target = (await listOperators(s.web.deps.db)).find((o) => o.id === result.targetId);
      return operatorsPage(c, s, {
        kind: 'password',
        username: target?.username ?? '',
        password: result.password,
        issued: 'reset',
      });
    }
    return operatorsPage(c, s, {
      kind: 'text',
      text: decision === 'approved' ? l('承認しました。', 'Approved.') : l('却下しました。', 'Rejected.'),
    });
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
