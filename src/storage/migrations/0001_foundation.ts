import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Foundation schema: issuer data model (issue #2), protocol transactions and message log (#3),
 * one-time passwords and the SMS/email outbox (#4), the job outbox and the audit log.
 * Plain SQL that PostgreSQL 15 accepts (PGlite embeds 18; the dual-dialect tests catch slips).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table issuers (
  id text primary key,
  name text not null,
  name_en text not null,
  created_at timestamptz not null default now()
);

create table card_ranges (
  id text primary key,
  issuer_id text not null references issuers(id),
  pan_low text not null check (pan_low ~ '^[0-9]{19}$'),
  pan_high text not null check (pan_high ~ '^[0-9]{19}$'),
  network text not null check (network in ('visa')),
  created_at timestamptz not null default now(),
  check (pan_low <= pan_high)
);

create table data_keys (
  purpose text not null,
  version integer not null,
  wrapped text not null,
  created_at timestamptz not null default now(),
  primary key (purpose, version)
);

create table members (
  enet_id text primary key,
  issuer_id text not null references issuers(id),
  name text not null,
  email text not null,
  status text not null check (status in ('active', 'suspended')),
  enrollment text not null default 'not_enrolled'
    check (enrollment in ('not_enrolled', 'enrolled', 'locked', 'restricted', 'deregistered')),
  enrollment_reason text,
  enrollment_changed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table enrollment_events (
  id text primary key,
  enet_id text not null references members(enet_id),
  from_state text not null,
  to_state text not null,
  reason text,
  actor text not null,
  note text,
  at timestamptz not null
);
create index enrollment_events_member on enrollment_events (enet_id, at);

create table cards (
  card_ref text primary key,
  enet_id text not null references members(enet_id),
  pan_enc text not null,
  pan_mac text not null,
  pan_first6 text not null,
  pan_last4 text not null,
  expiry text not null check (expiry ~ '^[0-9]{2}(0[1-9]|1[0-2])$'),
  status text not null check (status in ('active', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index cards_pan_mac on cards (pan_mac);
create index cards_member on cards (enet_id);
create index cards_last4_expiry on cards (pan_last4, expiry);

create table phone_bindings (
  id text primary key,
  enet_id text not null references members(enet_id),
  phone_enc text not null,
  phone_mac text not null,
  phone_masked text not null,
  verified_by text not null check (verified_by in ('sms_otp', 'issuer_provisioned')),
  bound_by text not null,
  bound_at timestamptz not null,
  unbound_at timestamptz,
  unbound_by text,
  unbound_reason text
);
create unique index phone_bindings_current on phone_bindings (enet_id) where unbound_at is null;
create index phone_bindings_phone on phone_bindings (phone_mac);

create table statement_notices (
  id text primary key,
  enet_id text not null references members(enet_id),
  notice_date date not null,
  channel text not null check (channel in ('email', 'post')),
  created_at timestamptz not null default now()
);
create index statement_notices_member on statement_notices (enet_id, notice_date);

create table api_tokens (
  id text primary key,
  name text not null,
  token_mac text not null unique,
  scopes text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

create table audit_log (
  seq bigint generated always as identity primary key,
  id text not null unique,
  at timestamptz not null,
  actor text not null,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  reason text,
  before jsonb,
  after jsonb,
  request_id text,
  prev_hash text not null,
  hash text not null
);
create index audit_log_subject on audit_log (subject_type, subject_id, seq);

create table transactions (
  acs_trans_id uuid primary key,
  three_ds_server_trans_id text not null,
  ds_trans_id text,
  sdk_trans_id text,
  message_version text not null,
  device_channel text not null,
  message_category text not null,
  issuer_id text,
  card_ref text,
  enet_id text,
  state text not null,
  trans_status text,
  trans_status_reason text,
  eci text,
  cavv text,
  challenge_cancel text,
  authentication_type text,
  merchant_name text,
  purchase_amount text,
  purchase_currency text,
  purchase_exponent text,
  purchase_date text,
  notification_url text,
  rreq_url text,
  challenge_window_size text,
  browser_ip text,
  browser_user_agent text,
  browser_language text,
  three_ds_comp_ind text,
  form_nonce text,
  session_data text,
  interaction_count integer not null default 0,
  otp_failures integer not null default 0,
  otp_sends integer not null default 0,
  last_otp_sent_at timestamptz,
  deadline_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index transactions_server_id on transactions (three_ds_server_trans_id);
create index transactions_ds_id on transactions (ds_trans_id);
create index transactions_member on transactions (enet_id, created_at);
create index transactions_created on transactions (created_at);
create index transactions_deadline on transactions (deadline_at) where deadline_at is not null;
create index transactions_cavv on transactions (cavv) where cavv is not null;

create table transaction_events (
  id bigint generated always as identity primary key,
  acs_trans_id uuid not null,
  at timestamptz not null,
  from_state text,
  to_state text not null,
  detail text
);
create index transaction_events_txn on transaction_events (acs_trans_id, id);

create table messages (
  id text primary key,
  acs_trans_id uuid,
  three_ds_server_trans_id text,
  ds_trans_id text,
  direction text not null check (direction in ('in', 'out')),
  message_type text not null,
  body jsonb not null,
  pan_enc text,
  created_at timestamptz not null
);
create index messages_acs on messages (acs_trans_id, created_at);
create index messages_server on messages (three_ds_server_trans_id);
create index messages_ds on messages (ds_trans_id);

create table otp_codes (
  id text primary key,
  purpose text not null check (purpose in ('purchase', 'phone_registration')),
  subject text not null,
  code_mac text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  superseded_at timestamptz
);
create index otp_codes_subject on otp_codes (subject, created_at);

create table method_data (
  three_ds_server_trans_id text primary key,
  data jsonb not null,
  created_at timestamptz not null
);

create table jobs (
  id text primary key,
  kind text not null,
  payload jsonb not null,
  status text not null check (status in ('pending', 'done', 'dead')),
  attempts integer not null default 0,
  run_at timestamptz not null,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null,
  done_at timestamptz
);
create index jobs_due on jobs (run_at) where status = 'pending';

create table job_attempts (
  id bigint generated always as identity primary key,
  job_id text not null references jobs(id),
  at timestamptz not null,
  outcome text not null,
  detail text
);
create index job_attempts_job on job_attempts (job_id, id);

create table sms_messages (
  id text primary key,
  to_mac text not null,
  to_enc text not null,
  to_masked text not null,
  body_enc text not null,
  purpose text not null,
  acs_trans_id uuid,
  provider text,
  provider_message_id text,
  status text not null check (status in ('queued', 'sent', 'delivered', 'failed')),
  error text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index sms_messages_to on sms_messages (to_mac, created_at);
create index sms_messages_txn on sms_messages (acs_trans_id);
create index sms_messages_provider_id on sms_messages (provider_message_id);
create index sms_messages_created on sms_messages (created_at);

create table emails (
  id text primary key,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  purpose text not null,
  provider text,
  provider_message_id text,
  status text not null check (status in ('queued', 'sent', 'failed')),
  error text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index emails_created on emails (created_at);

create table rate_counters (
  key text not null,
  window_start timestamptz not null,
  count integer not null,
  primary key (key, window_start)
);

create table cavv_uses (
  cavv_mac text primary key,
  acs_trans_id uuid not null,
  first_verified_at timestamptz not null
);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop table cavv_uses, rate_counters, emails, sms_messages, job_attempts, jobs, method_data, otp_codes, messages,
  transaction_events, transactions, audit_log, api_tokens, statement_notices, phone_bindings, cards,
  enrollment_events, members, data_keys, card_ranges, issuers;
`,
  );
}
