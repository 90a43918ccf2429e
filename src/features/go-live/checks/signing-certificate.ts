import { type GoLiveCheck, texts } from './check.ts';

const DAY_MS = 86_400_000;
/** The certificate must stay valid this long: renewal through the DS CA takes time. */
export const MIN_CERT_DAYS = 30;

const RENEW = texts(
  '`npm run ninsho -- cert request` で CSR を作り、DS の CA で発行した証明書を `npm run ninsho -- cert install` で導入（docs/operations.md「ACS signing certificate」）。',
  'Make a CSR with `npm run ninsho -- cert request`, have the DS CA issue it, install it with `npm run ninsho -- cert install` (docs/operations.md "ACS signing certificate").',
);

/** The app channel's ACS signing certificate (acsSignedContent, EMV 3DS Core Spec §6.2.3.2): DS-issued and not near its end. */
export const signingCertificateCheck: GoLiveCheck = {
  id: 'signing-certificate',
  title: texts('ACS 署名証明書', 'ACS signing certificate'),
  run: async ({ signing, config, clock }) => {
    const cert = signing.certificate;
    const now = clock.now();
    const notAfter = cert.validToDate;
    const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
    const until = notAfter.toISOString().slice(0, 10);
    const selfSigned = cert.issuer === cert.subject && cert.verify(cert.publicKey);
    if (cert.validFromDate.getTime() > now.getTime() || days < 0)
      return {
        status: 'fail',
        detail: texts(
          `証明書が有効期間外です（${until} まで）。`,
          `The certificate is outside its validity (until ${until}).`,
        ),
        fix: RENEW,
      };
    if (days < MIN_CERT_DAYS)
      return {
        status: 'fail',
        detail: texts(
          `証明書の残り日数は ${days} 日です（${until} まで、${MIN_CERT_DAYS} 日以上必要）。`,
          `The certificate expires in ${days} days (${until}); at least ${MIN_CERT_DAYS} are needed.`,
        ),
        fix: RENEW,
      };
    if (selfSigned)
      return {
        status: config.NODE_ENV === 'production' ? 'fail' : 'warn',
        detail: texts(
          `開発用の自己署名証明書です（DS のルートにつながらず、本番の SDK は受け付けません）。${until} まで。`,
          `A self-signed development certificate (it chains to no DS root; production SDKs refuse it). Valid until ${until}.`,
        ),
        fix: RENEW,
      };
    return {
      status: 'ok',
      detail: texts(
        `${until} まで有効（残り ${days} 日）。発行者: ${cert.issuer.replace(/\n/g, ', ')}`,
        `Valid until ${until} (${days} days). Issuer: ${cert.issuer.replace(/\n/g, ', ')}`,
      ),
    };
  },
};
