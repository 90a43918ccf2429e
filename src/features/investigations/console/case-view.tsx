import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Done, Scroll } from '../../console/layout.tsx';
import { ATTACHMENT_TYPES } from '../service/attachments.ts';
import type { CaseFile } from '../service/queries.ts';
import { daysFrom } from '../service/queries.ts';
import { EDITABLE_STATES } from '../service/states.ts';
import { ClauseTable, DecisionForm, DecisionsView } from './decision-view.tsx';
import { EvidenceView } from './evidence-view.tsx';
import { ContactsView, CooperationView, FindingsView, NotesView, TransactionFactsView } from './facts-view.tsx';
import { ActionForm, casePath, eventLabel, jst, labelIn, SOURCE_LABEL, STATE_LABEL, stateLabel, tl } from './parts.tsx';
import { eventDetail } from './timeline-text.ts';

function Summary({ s, file }: { s: Signed; file: CaseFile }) {
  const l = tl(s);
  const r = file.row;
  const windowEnd = r.dispute_window_ends_on;
  const nextDue = file.cooperation.find((k) => k.answered_at === null)?.due_on;
  return (
    <Scroll>
      <table id="case-summary">
        <tbody>
          <tr>
            <th>{l('状態', 'State')}</th>
            <td id="case-state" data-state={r.state}>
              {stateLabel(s, r.state)}
            </td>
          </tr>
          <tr>
            <th>{l('会員に伝える受付番号', "Member's reference")}</th>
            <td id="member-reference">{file.memberReference}</td>
          </tr>
          <tr>
            <th>{l('会員', 'Member')}</th>
            <td>
              <a href={withLang(s.lang, `/console/members/${encodeURIComponent(r.enet_id)}`)}>{r.enet_id}</a>{' '}
              {file.member.name}
            </td>
          </tr>
          <tr>
            <th>{l('経路', 'Source')}</th>
            <td>{labelIn(SOURCE_LABEL, s, r.source)}</td>
          </tr>
          <tr>
            <th>{l('担当', 'Assignee')}</th>
            <td id="case-assignee">{file.assignee ?? '—'}</td>
          </tr>
          <tr>
            <th>{l('届出日時 (JST)', 'Reported (JST)')}</th>
            <td>
              {jst(r.reported_at)} · {l('経過', 'open for')} {daysFrom(jst(r.opened_at).slice(0, 10), file.today)}
              {l('日', ' days')}
            </td>
          </tr>
          <tr>
            <th>{l('ネットワークの争議期限', "Network's dispute window ends")}</th>
            <td id="dispute-window">
              {windowEnd
                ? `${windowEnd} (${l('残り', '')}${daysFrom(file.today, windowEnd)}${l('日', ' days left')})`
                : '—'}
            </td>
          </tr>
          <tr>
            <th>{l('会員の回答期限', 'Member answer due')}</th>
            <td>{nextDue ?? '—'}</td>
          </tr>
          <tr>
            <th>{l('届出の内容', 'Report')}</th>
            <td>{r.summary}</td>
          </tr>
        </tbody>
      </table>
    </Scroll>
  );
}

function Attachments({ s, file, editable }: { s: Signed; file: CaseFile; editable: boolean }) {
  const l = tl(s);
  return (
    <>
      <Scroll>
        <table id="attachments">
          <tbody>
            {file.attachments.map((a) => (
              <tr>
                <td>
                  <a href={withLang(s.lang, casePath(file.row.id, `/attachments/${a.id}`))}>{a.file_name}</a>
                </td>
                <td>{a.content_type}</td>
                <td>{a.size}</td>
                <td>
                  <code>sha256 {a.sha256}</code>
                </td>
                <td>{jst(a.uploaded_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {editable ? (
        <ActionForm s={s} path={casePath(file.row.id, '/attachments')} label={l('添付', 'Attach')} multipart>
          <input
            type="file"
            name="file"
            accept={ATTACHMENT_TYPES.join(',')}
            aria-label={l('ファイル', 'File')}
            required
          />
          <input name="description" aria-label={l('説明', 'Description')} />
          <span class="muted">{l('PDF・画像・テキスト、5 MB まで', 'PDF, image or text, up to 5 MB')}</span>
        </ActionForm>
      ) : null}
    </>
  );
}

function Timeline({ s, file, actor }: { s: Signed; file: CaseFile; actor: ActorText }) {
  const state = (v: string) => labelIn(STATE_LABEL, s, v);
  return (
    <Scroll>
      <table id="timeline">
        <tbody>
          {file.events.map((e) => (
            <tr>
              <td>{jst(e.at)}</td>
              <td data-kind={e.kind}>{eventLabel(s, e.kind)}</td>
              <td>
                {e.from_state && e.to_state
                  ? `${state(e.from_state)} → ${state(e.to_state)}`
                  : e.to_state
                    ? state(e.to_state)
                    : ''}
              </td>
              <td>{eventDetail(s, e.kind, e.detail)}</td>
              <td class="nowrap">{actor(e.actor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

/** The case page (issue #8 §5): summary and deadlines, facts, the engine's table, decision, evidence, timeline. */
/** An audit actor (`operator:opr_…`, `system`, …) as the console shows it: a username or words. */
type ActorText = (stored: string) => string;

export function CaseView({
  s,
  file,
  actor,
  done,
}: {
  s: Signed;
  file: CaseFile;
  actor: ActorText;
  done?: string | undefined;
}) {
  const l = tl(s);
  const state = file.row.state;
  const investigator = s.op.role === 'investigator';
  const editable = investigator && EDITABLE_STATES.includes(state);
  return (
    <>
      <Done text={done} />
      {state === 'closed' ? (
        <p class="notice info" id="closed-notice">
          {l(
            'この調査は終了しています。変更するには再調査してください。',
            'This case is closed. Reopen it to change anything.',
          )}
        </p>
      ) : null}
      <Summary s={s} file={file} />
      {investigator && state !== 'closed' && state !== 'decided' ? (
        <ActionForm s={s} path={casePath(file.row.id, '/assign')} label={l('割り当て', 'Assign')} id="assign-form">
          <select name="assignee" aria-label={l('担当者', 'Investigator')}>
            {file.investigators.map((i) => (
              <option value={i.id} selected={i.id === (file.row.assignee_id ?? s.op.id)}>
                {i.username}
              </option>
            ))}
          </select>
        </ActionForm>
      ) : null}
      <h2>{l('対象取引', 'Disputed purchases')}</h2>
      <TransactionFactsView s={s} file={file} editable={editable} />
      <h2>{l('規約第5条第3項の判定', 'Terms art. 5-3, clause by clause')}</h2>
      <ClauseTable s={s} evaluation={file.evaluation} />
      <h2>{l('決定', 'Decision')}</h2>
      {investigator && (state === 'investigating' || state === 'awaiting_member') ? (
        <DecisionForm s={s} file={file} />
      ) : null}
      <DecisionsView s={s} file={file} />
      {investigator && state === 'decided' ? (
        <ActionForm
          s={s}
          path={casePath(file.row.id, '/close')}
          label={l('調査を終了', 'Close the case')}
          id="close-form"
        >
          <input name="note" aria-label={l('メモ', 'Note')} />
        </ActionForm>
      ) : null}
      {investigator && (state === 'decided' || state === 'closed') ? (
        <ActionForm s={s} path={casePath(file.row.id, '/reopen')} label={l('再調査', 'Reopen')} id="reopen-form">
          <input name="reason" aria-label={l('再調査の理由', 'Why reopen')} required />
        </ActionForm>
      ) : null}
      <h2>{l('調査担当者の所見', "Investigator's findings")}</h2>
      <FindingsView s={s} file={file} editable={editable} />
      <h2>
        {l('会員・関係者の自宅・勤務先 (IP・電話番号)', "Member's and related persons' home/work IPs and numbers")}
      </h2>
      <ContactsView s={s} file={file} editable={editable} />
      <h2>{l('メモ', 'Notes')}</h2>
      <NotesView s={s} file={file} editable={editable} />
      <h2>{l('会員への協力依頼', 'Cooperation requests')}</h2>
      <CooperationView s={s} file={file} editable={editable} />
      <h2>{l('添付ファイル', 'Attachments')}</h2>
      <Attachments s={s} file={file} editable={editable} />
      <h2>{l('自動収集した証跡', 'Evidence gathered automatically')}</h2>
      {editable ? (
        <ActionForm s={s} path={casePath(file.row.id, '/evidence')} label={l('証跡を再収集', 'Refresh evidence')} />
      ) : null}
      <EvidenceView s={s} evidence={file.evidence} actor={actor} />
      <h2>{l('経過 (JST)', 'Timeline (JST)')}</h2>
      <Timeline s={s} file={file} actor={actor} />
    </>
  );
}
