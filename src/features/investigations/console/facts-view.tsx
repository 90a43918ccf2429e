import { formatAmount } from '../../../core/format.ts';
import { questionLabel } from '../../../core/investigation/fact-text.ts';
import type { Signed } from '../../console/guard.tsx';
import { Scroll } from '../../console/layout.tsx';
import { DELIVERIES, FINDINGS, QUESTIONS, RELATIONS } from '../service/facts.ts';
import type { CaseFile } from '../service/queries.ts';
import {
  ActionForm,
  casePath,
  FINDING_LABEL,
  Field,
  jst,
  Options,
  RELATION_LABEL,
  relationLabel,
  tl,
} from './parts.tsx';

/** Disputed purchases with the art. 5-3-6 facts: recorded by the investigator, or matched to a known contact. */
export function TransactionFactsView({ s, file, editable }: { s: Signed; file: CaseFile; editable: boolean }) {
  const l = tl(s);
  return (
    <Scroll>
      <table id="case-transactions">
        <thead>
          <tr>
            <th>{l('取引', 'Purchase')}</th>
            <th>{l('配送先 (5-3-6)', 'Delivered to (5-3-6)')}</th>
            <th>{l('接続元 (5-3-6)', 'Origin (5-3-6)')}</th>
          </tr>
        </thead>
        <tbody>
          {file.transactions.map((t) => {
            const basis = file.origins.find((o) => o.transactionId === t.id);
            return (
              <tr data-transaction-id={t.id}>
                <td>
                  {jst(t.purchased_at)} {t.merchant_name ?? ''} {formatAmount(t.amount, t.currency, t.exponent, s.lang)}
                  <br />
                  <small>{t.acs_trans_id ?? `${l('記録なし', 'not seen by us')}: ${t.description ?? ''}`}</small>
                </td>
                <td>
                  {relationLabel(s, t.delivery_address)} {t.delivery_note ? `— ${t.delivery_note}` : ''}
                </td>
                <td>
                  {relationLabel(s, t.origin)} {t.origin_note ? `— ${t.origin_note}` : ''}
                  {basis?.matched ? (
                    <p class="matched">
                      {l('連絡先と一致', 'Matches a recorded contact')}: {relationLabel(s, basis.matched.relation)} (
                      {basis.matched.by})
                    </p>
                  ) : null}
                  <small>
                    IP {t.browser_ip ?? '—'} {t.origin_phone_masked ? `· ${t.origin_phone_masked}` : ''}
                  </small>
                  {editable ? (
                    <ActionForm s={s} path={casePath(file.row.id, '/transactions')} label={l('記録', 'Record')}>
                      <input type="hidden" name="transaction" value={t.id} />
                      <select name="delivery" aria-label={l('配送先', 'Delivered to')}>
                        <Options s={s} values={DELIVERIES} labels={RELATION_LABEL} selected={t.delivery_address} />
                      </select>
                      <input
                        name="deliveryNote"
                        aria-label={l('配送先の根拠', 'Delivery evidence')}
                        placeholder={l('配送先の根拠', 'Delivery evidence')}
                      />
                      <select name="origin" aria-label={l('接続元', 'Origin')}>
                        <Options s={s} values={RELATIONS} labels={RELATION_LABEL} selected={t.origin} />
                      </select>
                      <input
                        name="originNote"
                        aria-label={l('接続元の根拠', 'Origin evidence')}
                        placeholder={l('接続元の根拠', 'Origin evidence')}
                      />
                      <input
                        name="originPhone"
                        type="tel"
                        aria-label={l('発信電話番号', 'Calling number')}
                        placeholder={l('発信電話番号（電話注文）', 'Calling number (phone order)')}
                      />
                    </ActionForm>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Scroll>
  );
}

/** The investigator's answers to the engine's questions, all in one form. */
export function FindingsView({ s, file, editable }: { s: Signed; file: CaseFile; editable: boolean }) {
  const l = tl(s);
  const rows = QUESTIONS.map((q) => (
    <tr data-question={q}>
      <th>{questionLabel(q, s.lang)}</th>
      <td>
        {editable ? (
          <select name={`finding_${q}`} aria-label={questionLabel(q, s.lang)}>
            <Options s={s} values={FINDINGS} labels={FINDING_LABEL} selected={file.findings[q].finding} />
          </select>
        ) : (
          (FINDING_LABEL[file.findings[q].finding]?.[s.lang] ?? file.findings[q].finding)
        )}
      </td>
      <td>
        {editable ? (
          <input
            name={`note_${q}`}
            value={file.findings[q].note}
            aria-label={`${questionLabel(q, s.lang)} ${l('メモ', 'note')}`}
          />
        ) : (
          file.findings[q].note
        )}
      </td>
    </tr>
  ));
  const table = (
    <Scroll>
      <table id="findings">
        <tbody>{rows}</tbody>
      </table>
    </Scroll>
  );
  return editable ? (
    <ActionForm
      s={s}
      path={casePath(file.row.id, '/findings')}
      label={l('所見を記録', 'Record findings')}
      id="findings-form"
    >
      {table}
    </ActionForm>
  ) : (
    table
  );
}

export function ContactsView({ s, file, editable }: { s: Signed; file: CaseFile; editable: boolean }) {
  const l = tl(s);
  return (
    <>
      <Scroll>
        <table id="contacts">
          <tbody>
            {file.contacts.map((k) => (
              <tr>
                <td>{relationLabel(s, k.owner)}</td>
                <td>
                  {k.place} {k.kind}
                </td>
                <td>{k.shown}</td>
                <td>{k.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {editable ? (
        <ActionForm s={s} path={casePath(file.row.id, '/contacts')} label={l('追加', 'Add')}>
          <select name="owner" aria-label={l('誰の', 'Whose')}>
            <Options s={s} values={['member', 'related_person']} labels={RELATION_LABEL} />
          </select>
          <select name="place" aria-label={l('場所', 'Place')}>
            <option value="home">{l('自宅', 'Home')}</option>
            <option value="work">{l('勤務先', 'Work')}</option>
          </select>
          <select name="kind" aria-label={l('種類', 'Kind')}>
            <option value="ip">IP</option>
            <option value="phone">{l('電話番号', 'Phone')}</option>
          </select>
          <input
            name="value"
            aria-label={l('IP または電話番号', 'IP or phone number')}
            placeholder={l('IP または電話番号', 'IP or phone number')}
            required
          />
          <input name="note" aria-label={l('出典', 'Source')} placeholder={l('出典', 'Source')} required />
        </ActionForm>
      ) : null}
    </>
  );
}

export function NotesView({ s, file, editable }: { s: Signed; file: CaseFile; editable: boolean }) {
  const l = tl(s);
  return (
    <>
      <ul id="notes">
        {file.notes.map((n) => (
          <li>
            {jst(n.added_at)} [
            {n.kind === 'user_relation' ? l('利用者と会員の関係', 'User’s relation') : l('メモ', 'Note')}] {n.body} —{' '}
            {n.added_by}
          </li>
        ))}
      </ul>
      {editable ? (
        <ActionForm s={s} path={casePath(file.row.id, '/notes')} label={l('記録', 'Record')}>
          <select name="kind" aria-label={l('種類', 'Kind')}>
            <option value="user_relation">{l('利用者と会員の関係', "User's relation to the member")}</option>
            <option value="note">{l('メモ', 'Note')}</option>
          </select>
          <textarea
            name="body"
            aria-label={l('内容', 'Text')}
            placeholder={l('内容', 'Text')}
            required
            maxlength={2000}
          />
        </ActionForm>
      ) : null}
    </>
  );
}

/** Terms art. 5-3 / 5-3-3: requests to the member, their answers, and the forms to ask and to record a phone answer. */
export function CooperationView({ s, file, editable }: { s: Signed; file: CaseFile; editable: boolean }) {
  const l = tl(s);
  const open = file.cooperation.filter((k) => k.answered_at === null);
  return (
    <>
      <Scroll>
        <table id="cooperation">
          <tbody>
            {file.cooperation.map((k) => (
              <tr>
                <td>{jst(k.asked_at)}</td>
                <td>{k.question}</td>
                <td>
                  {l('期限', 'due')} {k.due_on}
                  {k.answered_at === null && k.due_on < file.today ? (
                    <strong> {l('期限超過', 'overdue')}</strong>
                  ) : null}
                </td>
                <td>{k.answer === null ? l('未回答', 'not answered') : `${jst(k.answered_at)}: ${k.answer}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {editable && file.row.state !== 'reported' ? (
        <ActionForm s={s} path={casePath(file.row.id, '/cooperation')} label={l('協力を依頼', 'Ask the member')}>
          <textarea
            name="question"
            aria-label={l('質問', 'Question')}
            placeholder={l('会員への質問', 'Question to the member')}
            required
            maxlength={2000}
          />
          <Field id="dueOn" label={l('回答期限（空欄は既定）', 'Due (empty = default)')}>
            <input id="dueOn" name="dueOn" type="date" />
          </Field>
        </ActionForm>
      ) : null}
      {editable && open.length > 0 ? (
        <ActionForm s={s} path={casePath(file.row.id, '/cooperation/answer')} label={l('回答を記録', 'Record answer')}>
          <select name="request" aria-label={l('依頼', 'Request')}>
            {open.map((k) => (
              <option value={k.id}>{k.question.slice(0, 40)}</option>
            ))}
          </select>
          <textarea
            name="answer"
            aria-label={l('電話・窓口での回答', 'Answer given by phone or at a branch')}
            required
          />
        </ActionForm>
      ) : null}
    </>
  );
}
