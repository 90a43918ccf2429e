import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Fraud investigations (issue #8, terms art. 5-3): cases opened from a portal fraud report (art. 5-2) or by an
 * investigator for a phone/branch report, the disputed purchases, gathered evidence snapshots, investigators'
 * facts and findings, cooperation requests, declared disaster periods (art. 5-3-8), attachments, the case
 * timeline and decisions. A closed case is immutable: triggers refuse any change to its rows (corrections go
 * through reopening), on PGlite and PostgreSQL alike. Trigger bodies keep no semicolon at a line end (runScript).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create sequence investigation_case_number;

create table investigation_cases (
  id text primary key,
  reference text not null unique,
  enet_id text not null references members(enet_id),
  source text not null check (source in ('portal', 'phone', 'branch')),
  fraud_report_id text unique references fraud_reports(id),
  state text not null check (state in ('reported', 'investigating', 'awaiting_member', 'proposed', 'decided', 'closed')),
  assignee_id text references operators(id),
  reported_at timestamptz not null,
  summary text not null,
  dispute_window_ends_on date,
  opened_by text not null,
  opened_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz
);
create index investigation_cases_state on investigation_cases (state, opened_at);
create index investigation_cases_member on investigation_cases (enet_id, opened_at);
create index investigation_cases_assignee on investigation_cases (assignee_id, state);

create table investigation_transactions (
  id text primary key,
  case_id text not null references investigation_cases(id),
  acs_trans_id uuid,
  purchased_at timestamptz,
  merchant_name text,
  amount text,
  currency text,
  exponent text,
  description text,
  delivery_address text not null default 'unknown'
    check (delivery_address in ('member', 'related_person', 'unrelated', 'unknown', 'not_applicable')),
  delivery_note text,
  origin text not null default 'unknown' check (origin in ('member', 'related_person', 'unrelated', 'unknown')),
  origin_note text,
  origin_phone_enc text,
  origin_phone_mac text,
  origin_phone_masked text,
  unique (case_id, acs_trans_id)
);
create index investigation_transactions_case on investigation_transactions (case_id);
create index investigation_transactions_txn on investigation_transactions (acs_trans_id);

create table investigation_contacts (
  id text primary key,
  case_id text not null references investigation_cases(id),
  kind text not null check (kind in ('ip', 'phone')),
  place text not null check (place in ('home', 'work')),
  owner text not null check (owner in ('member', 'related_person')),
  ip text,
  phone_enc text,
  phone_mac text,
  phone_masked text,
  note text not null,
  added_by text not null,
  added_at timestamptz not null,
  check ((kind = 'ip' and ip is not null and phone_enc is null)
    or (kind = 'phone' and ip is null and phone_enc is not null and phone_mac is not null and phone_masked is not null))
);
create index investigation_contacts_case on investigation_contacts (case_id);

create table investigation_findings (
  id text primary key,
  case_id text not null references investigation_cases(id),
  question text not null check (question in ('credentialsMishandled', 'usedByRelatedPerson', 'falseStatement',
    'deviceOrNetworkFault', 'objectiveMemberUse', 'memberAtFault')),
  finding text not null check (finding in ('yes', 'no', 'unknown')),
  note text not null,
  recorded_by text not null,
  recorded_at timestamptz not null
);
create index investigation_findings_case on investigation_findings (case_id, recorded_at);

create table investigation_notes (
  id text primary key,
  case_id text not null references investigation_cases(id),
  kind text not null check (kind in ('user_relation', 'note')),
  body text not null,
  added_by text not null,
  added_at timestamptz not null
);
create index investigation_notes_case on investigation_notes (case_id, added_at);

create table investigation_cooperation (
  id text primary key,
  case_id text not null references investigation_cases(id),
  question text not null,
  asked_by text not null,
  asked_at timestamptz not null,
  due_on date not null,
  answer text,
  answered_at timestamptz,
  answered_by text,
  check ((answer is null) = (answered_at is null))
);
create index investigation_cooperation_case on investigation_cooperation (case_id, asked_at);

create table disaster_periods (
  id text primary key,
  name text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  note text not null,
  declared_by text not null,
  declared_at timestamptz not null,
  withdrawn_at timestamptz,
  withdrawn_by text,
  check (ends_at > starts_at)
);

create table investigation_attachments (
  id text primary key,
  case_id text not null references investigation_cases(id),
  file_name text not null,
  content_type text not null,
  size integer not null check (size > 0 and size <= 5242880),
  sha256 text not null,
  content bytea not null,
  description text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null
);
create index investigation_attachments_case on investigation_attachments (case_id);

create table investigation_evidence (
  id text primary key,
  case_id text not null references investigation_cases(id),
  gathered_at timestamptz not null,
  gathered_by text not null,
  snapshot jsonb not null
);
create index investigation_evidence_case on investigation_evidence (case_id, gathered_at);

create table investigation_events (
  id text primary key,
  case_id text not null references investigation_cases(id),
  at timestamptz not null,
  actor text not null,
  kind text not null,
  from_state text,
  to_state text,
  detail text
);
create index investigation_events_case on investigation_events (case_id, at);

create table investigation_decisions (
  id text primary key,
  case_id text not null references investigation_cases(id),
  evaluation jsonb not null,
  proposal_kind text not null check (proposal_kind in ('blocked', 'not_waived', 'waived')),
  outcome text not null check (outcome in ('waived', 'not_waived')),
  reasons text not null,
  override_reason text,
  disputed_total text not null,
  approval_state text not null check (approval_state in ('not_required', 'pending', 'approved', 'rejected')),
  decided_by text not null references operators(id),
  decided_at timestamptz not null,
  approver_id text references operators(id),
  approved_at timestamptz,
  approval_note text,
  text_ja text not null,
  text_en text not null,
  effective_at timestamptz,
  notified_at timestamptz,
  superseded_at timestamptz,
  superseded_reason text,
  check (approver_id is null or approver_id <> decided_by)
);
create index investigation_decisions_case on investigation_decisions (case_id, decided_at);

create function investigation_child_guard() returns trigger language plpgsql as $$
declare c text; s text; begin
if tg_op = 'DELETE' then c := old.case_id; else c := new.case_id; end if; select state into s from investigation_cases where id = c; if s = 'closed' then raise exception 'investigation case % is closed (% on % refused)', c, tg_op, tg_table_name using errcode = '42501'; end if; if tg_op = 'DELETE' then return old; end if; return new; end
$$;

create function investigation_case_guard() returns trigger language plpgsql as $$
begin
if tg_op = 'DELETE' then raise exception 'investigation cases are never deleted' using errcode = '42501'; end if; if old.state = 'closed' and new.state <> 'investigating' then raise exception 'investigation case % is closed: reopen it to change it', old.id using errcode = '42501'; end if; return new; end
$$;

create trigger investigation_cases_guard before update or delete on investigation_cases
  for each row execute function investigation_case_guard();
create trigger investigation_transactions_closed before insert or update or delete on investigation_transactions
  for each row execute function investigation_child_guard();
create trigger investigation_contacts_closed before insert or update or delete on investigation_contacts
  for each row execute function investigation_child_guard();
create trigger investigation_findings_closed before insert or update or delete on investigation_findings
  for each row execute function investigation_child_guard();
create trigger investigation_notes_closed before insert or update or delete on investigation_notes
  for each row execute function investigation_child_guard();
create trigger investigation_cooperation_closed before insert or update or delete on investigation_cooperation
  for each row execute function investigation_child_guard();
create trigger investigation_attachments_closed before insert or update or delete on investigation_attachments
  for each row execute function investigation_child_guard();
create trigger investigation_evidence_closed before insert or update or delete on investigation_evidence
  for each row execute function investigation_child_guard();
create trigger investigation_events_closed before insert or update or delete on investigation_events
  for each row execute function investigation_child_guard();
create trigger investigation_decisions_closed before insert or update or delete on investigation_decisions
  for each row execute function investigation_child_guard();
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop table investigation_decisions, investigation_events, investigation_evidence, investigation_attachments,
  disaster_periods, investigation_cooperation, investigation_notes, investigation_findings, investigation_contacts,
  investigation_transactions, investigation_cases;
drop function investigation_child_guard();
drop function investigation_case_guard();
drop sequence investigation_case_number;
`,
  );
}
