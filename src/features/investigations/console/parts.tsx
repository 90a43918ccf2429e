import type { Child } from 'hono/jsx';
import { auditActionLabel } from '../../../core/audit-labels.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Hidden, t } from '../../console/layout.tsx';
import type { CaseState } from '../service/states.ts';

/** Small pieces shared by the fraud-case screens. */

export const STATE_LABEL: Record<CaseState, { ja: string; en: string }> = {
  reported: { ja: '受付', en: 'Reported' },
  investigating: { ja: '調査中', en: 'Investigating' },
  awaiting_member: { ja: '会員の回答待ち', en: 'Awaiting member' },
  proposed: { ja: '決定案（承認待ち）', en: 'Decision proposed' },
  decided: { ja: '決定済み', en: 'Decided' },
  closed: { ja: '終了', en: 'Closed' },
};

export function stateLabel(s: Pick<Signed, 'lang'>, state: CaseState): string {
  return STATE_LABEL[state][s.lang];
}

export const RELATION_LABEL: Record<string, { ja: string; en: string }> = {
  member: { ja: '会員本人', en: 'Member' },
  related_person: { ja: '関係者（家族など）', en: 'Related person' },
  unrelated: { ja: '無関係', en: 'Unrelated' },
  unknown: { ja: '不明', en: 'Unknown' },
  not_applicable: { ja: '該当なし（配送なし）', en: 'Not applicable (no delivery)' },
};

export const FINDING_LABEL: Record<string, { ja: string; en: string }> = {
  yes: { ja: 'はい', en: 'Yes' },
  no: { ja: 'いいえ', en: 'No' },
  unknown: { ja: '未確認', en: 'Unknown' },
};

/** How a case came in (`investigation_cases.source`). */
export const SOURCE_LABEL: Record<string, { ja: string; en: string }> = {
  portal: { ja: 'e-net（会員の届出）', en: 'e-net (member report)' },
  phone: { ja: '電話', en: 'Phone' },
  branch: { ja: '窓口', en: 'Branch' },
};

export function relationLabel(s: Pick<Signed, 'lang'>, value: string): string {
  return RELATION_LABEL[value]?.[s.lang] ?? value;
}

/** The engine's proposal (src/core/investigation/evaluate.ts) and a decision's approval, in words. */
export const PROPOSAL_LABEL: Record<string, { ja: string; en: string }> = {
  waived: { ja: '免除する', en: 'Waive' },
  not_waived: { ja: '免除しない', en: 'Do not waive' },
  blocked: { ja: '判定できない（未確定の事実あり）', en: 'Cannot decide (facts missing)' },
};

export const APPROVAL_LABEL: Record<string, { ja: string; en: string }> = {
  not_required: { ja: '不要', en: 'Not required' },
  pending: { ja: '承認待ち', en: 'Pending' },
  approved: { ja: '承認済み', en: 'Approved' },
  rejected: { ja: '差し戻し', en: 'Sent back' },
};

/** A case timeline row's kind: the audit log's words for the same step, plus the two moves it has no row for. */
const EVENT_LABEL: Record<string, { ja: string; en: string }> = {
  started: { ja: '調査を開始（担当の割り当て）', en: 'Investigation started' },
  decided: { ja: '決定が確定', en: 'Decision took effect' },
};

export function eventLabel(s: Pick<Signed, 'lang'>, kind: string): string {
  return (
    EVENT_LABEL[kind]?.[s.lang] ?? auditActionLabel(`investigation.${kind}`, s.lang).replace(/^investigation\./, '')
  );
}

/** A label from one of the tables above; an unknown value is shown as it is. */
export function labelIn(table: Record<string, { ja: string; en: string }>, s: Pick<Signed, 'lang'>, value: string) {
  return table[value]?.[s.lang] ?? value;
}

export function casePath(caseId: string, tail = ''): string {
  return `/console/cases/${encodeURIComponent(caseId)}${tail}`;
}

/** A POST form of the case page: CSRF field, the fields, one submit button. */
export function ActionForm(props: {
  s: Signed;
  path: string;
  label: string;
  id?: string;
  multipart?: boolean;
  children?: Child;
}) {
  return (
    <form
      class="inline"
      id={props.id}
      method="post"
      action={withLang(props.s.lang, props.path)}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
    >
      <Hidden csrf={props.s.csrf} />
      {props.children}
      <button type="submit">{props.label}</button>
    </form>
  );
}

export function Field(props: { id: string; label: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

export function Options(props: {
  s: Pick<Signed, 'lang'>;
  values: readonly string[];
  labels?: Record<string, { ja: string; en: string }>;
  selected?: string | undefined;
}) {
  return (
    <>
      {props.values.map((v) => (
        <option value={v} selected={v === props.selected}>
          {props.labels?.[v]?.[props.s.lang] ?? v}
        </option>
      ))}
    </>
  );
}

/** `2026-11-25 12:03` in Japan time (the console shows JST; the timeline says so in its heading). */
export function jst(d: Date | string | null | undefined): string {
  if (!d) return '—';
  return new Date(new Date(d).getTime() + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
}

export function tl(s: Pick<Signed, 'lang'>) {
  return t(s.lang);
}
