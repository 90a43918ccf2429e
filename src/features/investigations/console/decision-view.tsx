import { CLAUSE_TITLES } from '../../../core/investigation/decision-text.ts';
import type { LiabilityEvaluation } from '../../../core/investigation/evaluate.ts';
import { factText } from '../../../core/investigation/fact-text.ts';
import type { Signed } from '../../console/guard.tsx';
import { Scroll } from '../../console/layout.tsx';
import { storedTotalText, totalText } from '../service/amounts.ts';
import type { CaseFile } from '../service/queries.ts';
import { ActionForm, APPROVAL_LABEL, casePath, Field, jst, labelIn, PROPOSAL_LABEL, tl } from './parts.tsx';

const RESULT_LABEL = {
  applies: { ja: '該当', en: 'Applies' },
  does_not_apply: { ja: '非該当', en: 'Does not apply' },
  undetermined: { ja: '未確定', en: 'Undetermined' },
};

function proposalText(s: Pick<Signed, 'lang'>, evaluation: LiabilityEvaluation): string {
  const l = tl(s);
  const p = evaluation.proposal;
  if (p.kind === 'waived') return l('判定：免除（waived）', 'Proposal: waived');
  if (p.kind === 'not_waived')
    return `${l('判定：免除しない（not waived）', 'Proposal: not waived')} ${p.clauses.join(', ')}${
      p.memberAtFault ? ` ${l('会員の過失', 'member at fault')}` : ''
    }`;
  const open = [...p.undetermined, ...(p.memberAtFaultUnknown ? [l('5-3（会員の過失）', '5-3 (fault)')] : [])];
  return `${l('判定保留（未確定の条項）：', 'Proposal blocked: undetermined')} ${open.join(', ')}`;
}

/** The engine's clause-by-clause table (issue #8 §5) with the facts each clause rested on. */
export function ClauseTable({ s, evaluation }: { s: Signed; evaluation: LiabilityEvaluation }) {
  const l = tl(s);
  return (
    <>
      <p id="proposal" data-proposal={evaluation.proposal.kind}>
        <strong>{proposalText(s, evaluation)}</strong>
      </p>
      <Scroll>
        <table id="clauses">
          <thead>
            <tr>
              <th>{l('条項', 'Clause')}</th>
              <th>{l('内容', 'About')}</th>
              <th>{l('結果', 'Result')}</th>
              <th>{l('根拠となった事実', 'Facts used')}</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.findings.map((f) => (
              <tr data-clause={f.clause} data-result={f.result}>
                <td>{f.clause}</td>
                <td>{CLAUSE_TITLES[f.clause][s.lang]}</td>
                <td>{RESULT_LABEL[f.result][s.lang]}</td>
                <td>
                  {f.facts.map((x) => (
                    <div>{factText(x, s.lang)}</div>
                  ))}
                </td>
              </tr>
            ))}
            <tr data-clause="5-3">
              <td>5-3</td>
              <td>{l('会員の過失（本文）', 'Member at fault (main text)')}</td>
              <td colspan={2}>{evaluation.memberAtFault}</td>
            </tr>
          </tbody>
        </table>
      </Scroll>
    </>
  );
}

export function DecisionForm({ s, file }: { s: Signed; file: CaseFile }) {
  const l = tl(s);
  const proposal = file.evaluation.proposal.kind;
  return (
    <ActionForm
      s={s}
      path={casePath(file.row.id, '/decision')}
      label={l('決定を記録', 'Record the decision')}
      id="decision-form"
    >
      <Field id="outcome" label={l('決定', 'Outcome')}>
        <select id="outcome" name="outcome">
          <option value="not_waived" selected={proposal === 'not_waived'}>
            {l('免除しない', 'Not waived')}
          </option>
          <option value="waived" selected={proposal === 'waived'}>
            {l('免除する', 'Waived')}
          </option>
        </select>
      </Field>
      <Field id="reasons" label={l('理由', 'Reasons')}>
        <textarea id="reasons" name="reasons" required maxlength={4000} />
      </Field>
      <Field
        id="overrideReason"
        label={l('判定と異なる場合の理由（必須）', 'Why you depart from the proposal (required when you do)')}
      >
        <textarea id="overrideReason" name="overrideReason" maxlength={4000} />
      </Field>
      <p class="muted">
        {l('対象金額', 'Disputed total')}: {totalText(file.total, s.lang)} —{' '}
        {file.approvalNeeded
          ? l('別の調査担当者の承認後に確定します', 'takes effect after a second investigator approves')
          : l('記録と同時に確定し、会員に通知します', 'takes effect at once and the member is told')}
      </p>
    </ActionForm>
  );
}

/** Every decision of the case, including superseded and rejected ones (reopening keeps history). */
export function DecisionsView({ s, file }: { s: Signed; file: CaseFile }) {
  const l = tl(s);
  const pending = file.decisions.find((d) => d.approval_state === 'pending' && d.superseded_at === null);
  const canReview =
    s.op.role === 'investigator' &&
    file.row.state === 'proposed' &&
    pending !== undefined &&
    pending.decided_by !== s.op.id;
  return (
    <>
      {file.decisions.map((d) => (
        <section class="decision" data-decision-id={d.id} data-approval={d.approval_state}>
          <h3>
            {jst(d.decided_at)} {d.outcome === 'waived' ? l('免除する', 'Waived') : l('免除しない', 'Not waived')} —{' '}
            {d.decided_by_name}
            {d.superseded_at
              ? ` (${l('再調査により失効', 'superseded by reopening')}: ${d.superseded_reason ?? ''})`
              : ''}
          </h3>
          <p>
            {l('判定', 'Proposal')}: {labelIn(PROPOSAL_LABEL, s, d.proposal_kind)} · {l('金額', 'total')}{' '}
            {storedTotalText(d.disputed_total, s.lang)} · {l('承認', 'approval')}{' '}
            {labelIn(APPROVAL_LABEL, s, d.approval_state)}
            {d.approver_name
              ? ` (${d.approver_name} ${jst(d.approved_at)}${d.approval_note ? `: ${d.approval_note}` : ''})`
              : ''}
          </p>
          <p>
            {l('理由', 'Reasons')}: {d.reasons}
          </p>
          {d.override_reason ? (
            <p>
              {l('判定と異なる理由', 'Override reason')}: {d.override_reason}
            </p>
          ) : null}
          <pre class="decision-text">{s.lang === 'en' ? d.text_en : d.text_ja}</pre>
        </section>
      ))}
      {pending && s.op.role === 'investigator' && pending.decided_by === s.op.id ? (
        <p class="notice info">
          {l('別の調査担当者の承認を待っています。', 'Waiting for a second investigator to approve.')}
        </p>
      ) : null}
      {canReview ? (
        <ActionForm s={s} path={casePath(file.row.id, '/approval')} label={l('送信', 'Submit')} id="approval-form">
          <select name="verdict" aria-label={l('承認', 'Verdict')}>
            <option value="approved">{l('承認する', 'Approve')}</option>
            <option value="rejected">{l('差し戻す', 'Reject')}</option>
          </select>
          <input name="note" aria-label={l('コメント', 'Note')} />
        </ActionForm>
      ) : null}
    </>
  );
}
