import type { FC } from 'hono/jsx';
import type { ClientErrorStatusCode } from 'hono/utils/http-status';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Hidden, t } from '../../console/layout.tsx';
import { jst } from '../../operations/console/shared.tsx';
import type { keyOverview } from '../service.ts';

/** What the last step left to say: a refusal beside its form, or a KCV shown this once. */
export type Flash =
  | { kind: 'error'; form: string; message: string; status: ClientErrorStatusCode }
  | { kind: 'component'; ceremonyId: string; number: number; kcv: string; oddParity: boolean; remaining: number }
  | { kind: 'loaded'; id: string; keyIndicator: 1 | 2; kcv: string }
  | { kind: 'activated'; id: string; from: Date; previous?: { id: string; graceEndsAt: Date } };

type Overview = Awaited<ReturnType<typeof keyOverview>>;

const STATE: Record<string, [string, string]> = {
  loaded: ['読込済み（Visa 未登録）', 'loaded (not yet registered)'],
  registered: ['Visa 登録済み（有効化待ち）', 'registered (awaiting activation)'],
  active: ['有効', 'active'],
  retiring: ['猶予期間（検証のみ）', 'retiring (verifies only)'],
  retired: ['廃止', 'retired'],
};

const ErrorFor: FC<{ flash: Flash | undefined; form: string }> = ({ flash, form }) =>
  flash?.kind === 'error' && flash.form === form ? (
    <p class="notice alert" role="alert" id={`error-${form.replace(/[^a-z0-9]/gi, '-')}`}>
      {flash.message}
    </p>
  ) : null;

export const KeysPage: FC<{
  s: Signed;
  overview: Overview;
  who: (actor: string | null) => string;
  now: Date;
  flash: Flash | undefined;
}> = ({ s, overview, who, now, flash }) => {
  const l = t(s.lang);
  const me = `operator:${s.op.id}`;
  const action = (path: string) => withLang(s.lang, path);
  // The key an activation replaced still issues until the switch instant (src/infra/crypto/cavv-keys.ts).
  const switching = overview.cvks.some((k) => k.state === 'retiring' && k.retiring_at !== null && k.retiring_at > now);
  return (
    <>
      {flash?.kind === 'component' ? (
        <p class="notice info" role="status">
          {l(
            `成分 ${flash.number} を受け付けました。KCV（この画面でのみ表示）`,
            `Component ${flash.number} accepted. KCV (shown only now)`,
          )}
          :{' '}
          <strong class="secret" id="component-kcv">
            {flash.kcv}
          </strong>
          {flash.oddParity
            ? ''
            : l(
                '（奇数パリティではありません。結合後の鍵は奇数パリティに調整されます）',
                ' (not odd parity; the combined key is set to odd parity)',
              )}
          {' — '}
          {l(`残り ${flash.remaining} 成分`, `${flash.remaining} still to enter`)}
        </p>
      ) : null}
      {flash?.kind === 'loaded' ? (
        <p class="notice info" role="status">
          {l('CVK を読み込みました', 'CVK loaded')}: {flash.id} — {l('スロット', 'slot')} 0{flash.keyIndicator} — KCV{' '}
          <strong class="secret" id="key-kcv">
            {flash.kcv}
          </strong>
          {l('。Visa に登録してから登録を記録してください。', '. Register it with Visa, then record the registration.')}
        </p>
      ) : null}
      {flash?.kind === 'activated' ? (
        <p class="notice info" role="status" id="activated">
          {l('有効化しました', 'Activated')}: {flash.id} — {l('発行開始', 'issues from')} {jst(flash.from)}
          {flash.previous
            ? ` — ${flash.previous.id} ${l('は次まで検証可能', 'verifies until')} ${jst(flash.previous.graceEndsAt)}`
            : ''}
        </p>
      ) : null}

      <h2>{l('CAVV 鍵（CVK）', 'CAVV keys (CVK)')}</h2>
      <table id="cvks">
        <thead>
          <tr>
            <th>ID</th>
            <th>{l('スロット', 'Slot')}</th>
            <th>{l('状態', 'State')}</th>
            <th>KCV</th>
            <th>{l('読込', 'Loaded')}</th>
            <th>{l('Visa 登録', 'Registered with Visa')}</th>
            <th>{l('有効化', 'Activated')}</th>
            <th>{l('猶予期限・廃止', 'Grace ends / retired')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {overview.cvks.map((k) => (
            <tr data-state={k.state}>
              <td>{k.id}</td>
              <td>0{k.key_indicator}</td>
              <td>{l(...(STATE[k.state] ?? [k.state, k.state]))}</td>
              <td class="kcv">{k.kcv ?? '—'}</td>
              <td>
                {jst(k.loaded_at)} {who(k.loaded_by)} ({k.origin})
              </td>
              <td>
                {k.registered_at
                  ? `${k.visa_registered_on} ${k.visa_reference} (${who(k.registered_by)}, ${jst(k.registered_at)})`
                  : '—'}
              </td>
              <td>
                {k.activated_at ? `${jst(k.activated_at)} ${who(k.activated_by)}` : '—'}
                {k.state === 'active' && switching ? l('（切替待ち）', ' (switching)') : ''}
              </td>
              <td>{k.retired_at ? `${l('廃止', 'retired')} ${jst(k.retired_at)}` : jst(k.grace_ends_at)}</td>
              <td>
                {k.state === 'loaded' ? (
                  <form class="inline" method="post" action={action(`/console/keys/${k.id}/register`)}>
                    <Hidden csrf={s.csrf} />
                    <div class="field">
                      <label for={`reference-${k.id}`}>{l('Visa 受付番号等', 'Visa reference')}</label>
                      <input id={`reference-${k.id}`} name="reference" required maxlength={100} />
                    </div>
                    <div class="field">
                      <label for={`on-${k.id}`}>{l('登録日', 'Registered on')}</label>
                      <input id={`on-${k.id}`} name="registeredOn" type="date" />
                    </div>
                    <button type="submit">{l('登録を記録', 'Record registration')}</button>
                  </form>
                ) : null}
                {k.state === 'registered' ? (
                  <form class="inline" method="post" action={action(`/console/keys/${k.id}/activate`)}>
                    <Hidden csrf={s.csrf} />
                    <button type="submit" disabled={k.loaded_by === me || k.registered_by === me}>
                      {l('有効化（別の管理者）', 'Activate (another admin)')}
                    </button>
                  </form>
                ) : null}
                <ErrorFor flash={flash} form={`register:${k.id}`} />
                <ErrorFor flash={flash} form={`activate:${k.id}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{l('鍵成分の取込', 'Component import')}</h2>
      {overview.ceremonies.map((c) => {
        const full = c.entered.length >= c.components;
        const mine = c.entered.some((e) => e.officer === me);
        return (
          <section class="ceremony" id={`ceremony-${c.id}`}>
            <p>
              {c.id} — {l(`${c.components} 成分`, `${c.components} components`)} — {l('開始', 'started')}{' '}
              {jst(c.started_at)} {who(c.started_by)} — {l('入力済み', 'entered')}:{' '}
              {c.entered.map((e) => `${e.number}: ${who(e.officer)}`).join(', ') || '—'}
            </p>
            {!full && !mine ? (
              <form class="inline" method="post" action={action(`/console/keys/ceremonies/${c.id}/component`)}>
                <Hidden csrf={s.csrf} />
                <div class="field">
                  <label for={`component-${c.id}`}>
                    {l('あなたの成分（16進 32 桁: A に続けて B）', 'Your component (32 hex digits: A then B)')}
                  </label>
                  <input
                    id={`component-${c.id}`}
                    name="component"
                    type="password"
                    autocomplete="off"
                    spellcheck={false}
                    required
                    maxlength={40}
                  />
                </div>
                <button type="submit">{l('成分を入力', 'Enter component')}</button>
              </form>
            ) : null}
            <ErrorFor flash={flash} form={`component:${c.id}`} />
            <form class="inline" method="post" action={action(`/console/keys/ceremonies/${c.id}/finish`)}>
              <Hidden csrf={s.csrf} />
              <button type="submit" disabled={!full}>
                {l('結合して読み込む', 'Combine and load')}
              </button>
              <button type="submit" formaction={action(`/console/keys/ceremonies/${c.id}/cancel`)}>
                {l('中止（成分を削除）', 'Cancel (deletes the components)')}
              </button>
            </form>
            <ErrorFor flash={flash} form={`finish:${c.id}`} />
          </section>
        );
      })}
      <form class="inline" method="post" action={action('/console/keys/ceremonies')}>
        <Hidden csrf={s.csrf} />
        <div class="field">
          <label for="components">{l('成分の数', 'Components')}</label>
          <select id="components" name="components">
            <option value="2">2</option>
            <option value="3">3</option>
          </select>
        </div>
        <button type="submit">{l('取込を開始', 'Start an import')}</button>
      </form>
      <ErrorFor flash={flash} form="begin" />
      <form class="inline" method="post" action={action('/console/keys/generate')}>
        <Hidden csrf={s.csrf} />
        <button type="submit">{l('サービス内で CVK を生成', 'Generate a CVK in the service')}</button>
      </form>
      <ErrorFor flash={flash} form="generate" />

      <h2>{l('その他の鍵（バージョンと作成日時のみ）', 'Other keys (version and creation only)')}</h2>
      <table id="other-keys">
        <tbody>
          {overview.others.map((o) => (
            <tr>
              <td>{o.purpose}</td>
              <td>v{o.version}</td>
              <td>{jst(o.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
};
