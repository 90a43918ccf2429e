import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Passkeys (issue 21, docs/passkeys.md): a member's WebAuthn credentials and the ceremonies that create and use
 * them. The credential id is looked up by its MAC (`keys.mac('passkey', id)`) and kept sealed; the public key
 * is public by nature (COSE, base64url). A ceremony's challenge is single use (`used_at`, one conditional UPDATE).
 * A registration ceremony opens only after a one-time code sent to the registered phone
 * (otp_codes purpose `passkey_registration`, subject = the ceremony); an authentication ceremony belongs to a
 * purchase challenge (`acs_trans_id`) and records what it approved, for the frame that waits on it.
 * `terms_versions.covers_passkeys`: the version describes passkey use; passkeys are offered only under such a
 * version in force that the member accepted (terms art. 12).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table passkeys (
  id text primary key,
  enet_id text not null references members(enet_id),
  credential_mac text not null unique,
  credential_enc text not null,
  public_key text not null,
  counter bigint not null default 0,
  transports text not null default '',
  name text not null,
  created_at timestamptz not null,
  last_used_at timestamptz,
  disabled_at timestamptz,
  disabled_reason text
);
create index passkeys_member on passkeys (enet_id, created_at);

create table passkey_ceremonies (
  id text primary key,
  kind text not null check (kind in ('registration', 'authentication')),
  enet_id text not null references members(enet_id),
  session_mac text,
  acs_trans_id uuid,
  challenge text not null,
  code_confirmed_at timestamptz,
  failures integer not null default 0,
  sends integer not null default 0,
  last_sent_at timestamptz,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  passkey_id text references passkeys(id),
  check ((kind = 'registration' and session_mac is not null) or (kind = 'authentication' and acs_trans_id is not null))
);
create index passkey_ceremonies_member on passkey_ceremonies (enet_id, created_at);
create index passkey_ceremonies_txn on passkey_ceremonies (acs_trans_id) where acs_trans_id is not null;

alter table terms_versions add column covers_passkeys boolean not null default false;

alter table otp_codes drop constraint otp_codes_purpose_check;
alter table otp_codes add constraint otp_codes_purpose_check
  check (purpose in ('purchase', 'phone_registration', 'passkey_registration'));
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
delete from otp_codes where purpose = 'passkey_registration';
alter table otp_codes drop constraint otp_codes_purpose_check;
alter table otp_codes add constraint otp_codes_purpose_check check (purpose in ('purchase', 'phone_registration'));
alter table terms_versions drop column covers_passkeys;
drop table passkey_ceremonies;
drop table passkeys;
`,
  );
}
