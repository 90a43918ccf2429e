import type { Lang } from '../../core/i18n.ts';
import { jstDateOf, jstTimeOf } from '../../core/investigation/jst-date.ts';
import type { CertificateStatus } from '../../infra/crypto/signing-rotation.ts';
import { t } from './layout.tsx';

/**
 * The dashboard's warning for admins when the ACS signing certificate (app-channel acsSignedContent) is within
 * EXPIRY_WARNING_DAYS of notAfter, red once it has expired. Nothing when it has longer to run.
 */
export function CertificateBanner({ lang, status }: { lang: Lang; status: CertificateStatus }) {
  if (status.state === 'ok') return null;
  const l = t(lang);
  const at = `${jstDateOf(status.notAfter)} ${jstTimeOf(status.notAfter)} JST`;
  const expired = status.state === 'expired';
  return (
    <p
      id="signing-certificate-expiry"
      class={`notice ${expired ? 'alert' : 'info'}`}
      role={expired ? 'alert' : 'status'}
    >
      {expired
        ? l(
            `ACS 署名証明書（${status.subject}）の有効期限が ${at} に切れています。アプリでの認証は SDK に拒否されます。新しい証明書を設置してください（運用手順書「ACS signing certificate」）。`,
            `The ACS signing certificate (${status.subject}) expired at ${at}. SDKs refuse app-channel authentications: install a new one (docs/operations.md, "ACS signing certificate").`,
          )
        : l(
            `ACS 署名証明書（${status.subject}）の有効期限は ${at}、残り ${status.daysLeft} 日です。新しい証明書を申請・設置してください（運用手順書「ACS signing certificate」）。`,
            `The ACS signing certificate (${status.subject}) expires at ${at}, in ${status.daysLeft} days. Request and install a new one (docs/operations.md, "ACS signing certificate").`,
          )}
    </p>
  );
}
