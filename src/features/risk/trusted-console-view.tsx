import type { Lang } from '../../core/i18n.ts';
import { fmt, Scroll, t } from '../console/layout.tsx';
import type { TrustedMerchant } from './trusted-merchants.ts';

/** The member page's read-only list of the member's trusted merchants (issue #20 item 5; docs/console.md). */
export function TrustedMerchantsSection({ lang, merchants }: { lang: Lang; merchants: TrustedMerchant[] }) {
  const l = t(lang);
  return (
    <>
      <h2>{l(`信頼できるお店（${merchants.length} 件）`, `Trusted merchants (${merchants.length})`)}</h2>
      {merchants.length === 0 ? (
        <p id="trusted-merchants-none">{l('登録はありません。', 'None.')}</p>
      ) : (
        <Scroll>
          <table id="trusted-merchants">
            <thead>
              <tr>
                <th scope="col">{l('加盟店', 'Merchant')}</th>
                <th scope="col">{l('登録日時', 'Added')}</th>
                <th scope="col">{l('登録元', 'Added from')}</th>
              </tr>
            </thead>
            <tbody>
              {merchants.map((m) => (
                <tr>
                  <td>{m.name}</td>
                  <td class="nowrap">{fmt(m.addedAt)}</td>
                  <td>
                    {m.addedFrom === 'challenge'
                      ? l('本人認証の画面', 'Authentication screen')
                      : l('e-net サービス', 'e-net service')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <p class="muted">
        {l(
          '会員が本人認証の画面で登録し、e-net サービスで解除します。ここでは変更できません。',
          'Members add them on the authentication screen and remove them in the e-net service; read-only here.',
        )}
      </p>
    </>
  );
}
