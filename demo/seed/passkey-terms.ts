import { jstDateOf, jstMidnight } from '../../src/core/terms.ts';
import { newId } from '../../src/infra/ids.ts';
import type { Db } from '../../src/storage/database.ts';
import { insertTermsVersion } from '../../src/storage/repositories/terms-versions.ts';

/**
 * The demo's draft revision that describes passkeys (issue 21, docs/passkeys.md): passkeys are offered only under
 * a version in force that says so (`covers_passkeys`), so the demo ships one as a draft, effective tomorrow in
 * Japan time. Publishing it in the console (規約) announces it; from its effective date members who accept it
 * can register a passkey. One demo member (佐藤 花子) already holds a demo-only passkey (demo/seed/demo-passkey.ts);
 * it approves nothing until this revision is in force and accepted.
 */
export async function seedPasskeyTermsDraft(db: Db, at: Date): Promise<void> {
  const tomorrow = jstDateOf(new Date(at.getTime() + 86_400_000));
  await insertTermsVersion(db, {
    id: newId('terms', at.getTime()),
    version: `${tomorrow}-passkeys`,
    title: '本人認証サービス利用規約（パスキー対応版）',
    body: [
      '本人認証サービス利用規約の改定案です（パスキーによる本人認証を加えます）。',
      '',
      '・会員は、e-net サービスで、登録した携帯電話へ SMS で送る確認コードを入力したうえで、パスキー（端末の指紋・顔・画面ロックで使う認証情報）を登録できます。',
      '・パスキーを登録した会員は、ネットショッピングの本人認証で、ワンタイムパスワードに代えてパスキーで認証できます。SMS のワンタイムパスワードによる認証もこれまでどおり選べます。',
      '・パスキーは当社の本人認証サービスのサイトでのみ使えます。パスキーでの認証は、ワンタイムパスワードによる認証と同じく会員本人による認証として扱います。',
      '・パスキーの登録・削除は e-net サービスで行えます。登録のたびに、登録した携帯電話とメールアドレスへお知らせします。',
      '・携帯電話の紛失・盗難の届出、本サービスの登録解除、当社による登録の抹消・利用停止があったときは、登録したパスキーはすべて使えなくなります。',
    ].join('\n'),
    status: 'draft',
    published_at: null,
    effective_at: jstMidnight(tomorrow) ?? at,
    change_summary: 'パスキーによる本人認証を加えます（SMS による認証も引き続きご利用いただけます）。',
    change_summary_en: 'Adds authentication with a passkey (authentication by SMS stays available).',
    created_by: 'system:demo-seed',
    created_at: at,
    updated_at: at,
    published_by: null,
    covers_passkeys: true,
  });
}
