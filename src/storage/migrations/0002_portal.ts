import { type Kysely, sql } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Member portal (e-net service, issue "Member portal"): sign-in credentials, emailed single-use links,
 * server-side sessions, phone registration attempts, phone-change cooldowns, terms versions and consents
 * (terms art. 4-3, 12), and fraud reports (art. 5-2). Also seeds the terms version in force since 2024-05-31.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table portal_credentials (
  enet_id text primary key references members(enet_id),
  password_hash text not null,
  password_set_at timestamptz not null,
  created_at timestamptz not null default now()
);

create table portal_links (
  id text primary key,
  token_mac text not null unique,
  enet_id text not null references members(enet_id),
  purpose text not null check (purpose in ('setup', 'reset')),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index portal_links_member on portal_links (enet_id, created_at);

create table portal_sessions (
  id_mac text primary key,
  public_id text not null unique,
  subject text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  reauth_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text,
  ip text,
  user_agent text
);
create index portal_sessions_subject on portal_sessions (subject, created_at);

create table phone_registration_attempts (
  id text primary key,
  enet_id text not null references members(enet_id),
  session_mac text not null,
  kind text not null check (kind in ('register', 'change')),
  phone_mac text not null,
  phone_enc text not null,
  phone_masked text not null,
  terms_version_id text,
  status text not null check (status in ('pending', 'confirmed', 'dead', 'ended')),
  sends integer not null default 0,
  failures integer not null default 0,
  last_sent_at timestamptz,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index phone_registration_attempts_member on phone_registration_attempts (enet_id, created_at);

create table phone_changes (
  id text primary key,
  enet_id text not null references members(enet_id),
  binding_id text not null,
  changed_at timestamptz not null,
  cooldown_until timestamptz not null
);
create index phone_changes_member on phone_changes (enet_id, changed_at);

create table terms_versions (
  id text primary key,
  version text not null unique,
  title text not null,
  body text not null,
  published_at timestamptz not null,
  effective_at timestamptz not null
);
create index terms_versions_effective on terms_versions (effective_at);

create table terms_consents (
  id text primary key,
  enet_id text not null references members(enet_id),
  terms_version_id text not null references terms_versions(id),
  accepted_at timestamptz not null,
  ip text,
  unique (enet_id, terms_version_id)
);

create sequence fraud_report_number;

create table fraud_reports (
  id text primary key,
  reference text not null unique,
  enet_id text not null references members(enet_id),
  reported_at timestamptz not null,
  noticed_on date not null,
  description text not null,
  contact_preference text not null check (contact_preference in ('email', 'phone')),
  status text not null default 'reported'
);
create index fraud_reports_member on fraud_reports (enet_id, reported_at);

create table fraud_report_transactions (
  report_id text not null references fraud_reports(id),
  acs_trans_id uuid not null,
  primary key (report_id, acs_trans_id)
);
create index fraud_report_transactions_txn on fraud_report_transactions (acs_trans_id);
`,
  );
  await sql`
    insert into terms_versions (id, version, title, body, published_at, effective_at)
    values (${FIRST_TERMS.id}, ${FIRST_TERMS.version}, ${FIRST_TERMS.title}, ${FIRST_TERMS.body},
      ${FIRST_TERMS.publishedAt}, ${FIRST_TERMS.effectiveAt})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop table fraud_report_transactions, fraud_reports, terms_consents, terms_versions, phone_changes,
  phone_registration_attempts, portal_sessions, portal_links, portal_credentials;
drop sequence fraud_report_number;
`,
  );
}

/** Our own plain-language summary of the service terms revised on 2024-05-31 (the terms text itself is the issuer's). */
const FIRST_TERMS = {
  id: 'terms_2024-05-31',
  version: '2024-05-31',
  title: '本人認証サービス利用規約（2024年5月31日改定）の概要',
  publishedAt: '2024-05-01T00:00:00+09:00',
  effectiveAt: '2024-05-31T00:00:00+09:00',
  body: [
    '1. このサービスについて\nネットショッピングでカードをご利用になる際、e-net サービス ID と、SMS でお届けするワンタイムパスワードを入力して、ご本人であることを確認するサービスです（Visa Secure）。',
    '2. 電話番号の登録・変更・紛失\nご本人がお持ちの、SMS を受け取れる携帯電話の番号を e-net サービスで登録してください。番号が変わったときは速やかに変更してください。携帯電話を紛失したり盗まれたりしたときは、すぐに e-net サービスで届け出て、当社にご連絡ください。届出によりサービスは直ちに停止され、再開は当社での確認後になります。',
    '3. 登録の解除\ne-net サービスからいつでも登録を解除できます。解除後に改めて登録することもできます。',
    '4. 認証結果の通知\nご本人確認の結果は、ご利用先の加盟店へ通知されます。このサービスに登録することで、この通知に同意いただいたものとします。',
    '5. 認証情報の管理と不正利用\ne-net サービス ID とワンタイムパスワードは他人に教えず、大切に管理してください。不正に使われた、またはそのおそれがあるときは、すぐに e-net サービスから届け出てください。ご利用代金明細のお知らせから 60 日以内に届け出がない場合などは、補償の対象外となることがあります。',
    '6. サービスの停止・変更\n災害や保守、セキュリティ上の理由などにより、サービスを停止・変更することがあります。変更するときはウェブサイトやメールでお知らせします。',
    '7. 規約の変更\n規約を変更するときは、変更の内容と効力発生日をウェブサイトやメールでお知らせします。',
  ].join('\n\n'),
};
