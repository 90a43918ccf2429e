import type { ConsoleRouteKey } from './access.ts';
import type { Handler, Signed } from './guard.tsx';
import { withLang } from './http.ts';
import { Hidden, t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { revealMessageFields } from './service/message-reveal.ts';
import { CARDHOLDER_DATA_ROLES } from './service/roles.ts';

/** Under a logged message whose cardholder fields are sealed: the audited reveal, for the roles that may. */
export function RevealForm({ s, acsTransId, messageId }: { s: Signed; acsTransId: string; messageId: string }) {
  if (!CARDHOLDER_DATA_ROLES.includes(s.op.role)) return null;
  const l = t(s.lang);
  return (
    <form
      class="inline"
      method="post"
      action={withLang(s.lang, `/console/transactions/${acsTransId}/messages/${messageId}/reveal`)}
    >
      <Hidden csrf={s.csrf} />
      <label for={`reason-${messageId}`}>{l('理由（監査ログに記録）', 'Reason (recorded in the audit log)')}</label>
      <input id={`reason-${messageId}`} name="reason" maxlength={200} required />
      <button type="submit">{l('カード会員情報を表示', 'Show cardholder data')}</button>
    </form>
  );
}

export const revealHandlers = {
  'POST /console/transactions/:id/messages/:messageId/reveal': async (c, s) => {
    const l = t(s.lang);
    const acsTransId = c.req.param('id') ?? '';
    const shown = await revealMessageFields(
      s.web.deps,
      s.op,
      acsTransId,
      c.req.param('messageId') ?? '',
      s.f('reason'),
    );
    return sendConsolePage(
      c,
      s,
      `${shown.messageType} ${l('カード会員情報', 'cardholder data')}`,
      <>
        <p class="notice">
          {l('この表示は監査ログに記録されました。', 'This view has been recorded in the audit log.')}
        </p>
        <table>
          <tbody>
            {Object.entries(shown.fields).map(([name, value]) => (
              <tr>
                <th>{name}</th>
                <td>{typeof value === 'string' ? value : JSON.stringify(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href={withLang(s.lang, `/console/transactions/${acsTransId}`)}>
            {l('取引に戻る', 'Back to the transaction')}
          </a>
        </p>
      </>,
    );
  },
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;
