import { asServiceError, httpStatusOf, pageMessageOf } from '../../app/http/errors.ts';
import type { ServiceError } from '../../core/errors.ts';
import type { Lang } from '../../core/i18n.ts';
import { APPROVAL_STATUS_LABELS, ENROLLMENT_REASON_LABELS, labelOf } from '../../core/labels.ts';
import type { ConsoleRouteKey } from './access.ts';
import { queryValue } from './filters.tsx';
import type { Handler, Signed } from './guard.tsx';
import { type Ctx, type Status, withLang } from './http.ts';
import { Done, FieldError, fmt, Hidden, Scroll, t } from './layout.tsx';
import { SearchView } from './member-search-views.tsx';
import { type MemberAction, MemberView, type RefusedForm } from './member-views.tsx';
import { sendConsolePage } from './page.tsx';
import { actorDirectory } from './service/audit-log.ts';
import {
  decideApproval,
  liftLock,
  listApprovals,
  reinstateMember,
  requestDeregistration,
  restrictMember,
} from './service/member-actions.ts';
import { type MemberQuery, memberFile, searchMembers } from './service/members.ts';

function queryOf(value: (name: string) => string): MemberQuery | undefined {
  if (value('enetId')) return { by: 'enetId', enetId: value('enetId') };
  if (value('cardRef')) return { by: 'cardRef', cardRef: value('cardRef') };
  if (value('last4')) return { by: 'last4', last4: value('last4'), expiry: value('expiry') };
  if (value('expiry')) return { by: 'expiry', expiry: value('expiry') };
  if (value('phone')) return { by: 'phone', phone: value('phone') };
  return undefined;
}

const param = (c: Ctx, name: string) => c.req.param(name) ?? '';

/** What a refused field means, in the page's language; the service's own message stays in the logs. */
function refusalText(err: ServiceError, lang: Lang): { field: string; text: string } {
  const l = t(lang);
  const field = err.field && err.field !== 'enetId' ? err.field : '';
  const byField: Record<string, string> = {
    last4: l('カード番号の下 4 桁を数字 4 桁で入力してください。', 'Enter the last four digits of the card number.'),
    expiry: l(
      '有効期限はカード表面の表記（MM/YY、例 07/28）か YYMM（例 2807）で入力してください。',
      'Enter the expiry as printed (MM/YY, e.g. 07/28) or as YYMM (e.g. 2807).',
    ),
    phone: l(
      '携帯電話番号（070・080・090 で始まる 11 桁）を入力してください。',
      'Enter a Japanese mobile number (11 digits starting 070, 080 or 090).',
    ),
    method: l('本人確認の方法を選んでください。', 'Choose how the identity was confirmed.'),
    note: l('メモを入力してください（1000 文字以内）。', 'Write a note (up to 1000 characters).'),
    reason: l('規約の条項を選んでください。', 'Choose the terms article.'),
  };
  const fieldText = field ? byField[field] : undefined;
  if (fieldText) return { field, text: fieldText };
  const byDetail: Record<string, string> = {
    not_locked: l('この会員はロックされていません。', 'This member is not locked.'),
    locked: l('この会員は紛失・盗難ロック中です。', 'This member is locked (lost/stolen).'),
    not_enrolled: l('この会員は登録されていません。', 'This member is not enrolled.'),
    already_deregistered: l('この会員はすでに登録抹消されています。', 'This member is already deregistered.'),
    deregistered_by_issuer: l('当社による登録抹消中です。', 'Deregistered by the issuer.'),
    not_restricted_or_deregistered: l(
      'この会員は利用制限・登録抹消のどちらでもありません。',
      'This member is neither restricted nor deregistered.',
    ),
    already_enrolled: l('この会員はすでに登録済みです。', 'This member is already enrolled.'),
  };
  const detailText = err.detail ? byDetail[err.detail] : undefined;
  if (detailText) return { field: '', text: detailText };
  const byMessage: [RegExp, string][] = [
    [/already pending/, l('この会員にはすでに承認待ちの申請があります。', 'A request is already pending.')],
    [/already decided/, l('この申請はすでに処理されています。', 'This request was already decided.')],
    [/requester cannot/, l('申請した本人は承認・却下できません。', 'The requester cannot decide their own request.')],
  ];
  const hit = byMessage.find(([re]) => re.test(err.message));
  return { field: '', text: hit ? hit[1] : pageMessageOf(err.code, lang) };
}

const DONE: Record<string, [string, string]> = {
  'lock-lifted': ['紛失・盗難ロックを解除しました。', 'The lost/stolen lock was lifted.'],
  restricted: ['利用を制限しました。', 'The member was restricted.'],
  deregistered: ['登録を抹消しました。', 'The member was deregistered.'],
  'deregistration-requested': [
    '登録抹消を申請しました。別のオペレーターの承認を待っています。',
    'Deregistration requested; it waits for a second operator.',
  ],
  reinstated: ['利用を再開しました。', 'The member was reinstated.'],
  approved: ['承認しました。', 'Approved.'],
  rejected: ['却下しました。', 'Rejected.'],
};

function doneText(c: Ctx, lang: Lang): string | undefined {
  const pair = DONE[c.req.query('done') ?? ''];
  return pair ? t(lang)(pair[0], pair[1]) : undefined;
}

async function memberPage(c: Ctx, s: Signed, enetId: string, refused?: RefusedForm, status: Status = 200) {
  const file = await memberFile(s.web.deps.db, enetId, s.web.deps.keys);
  return sendConsolePage(
    c,
    s,
    `${t(s.lang)('会員', 'Member')} ${file.member.enet_id}`,
    <MemberView s={s} file={file} refused={refused} done={refused ? undefined : doneText(c, s.lang)} />,
    { status },
  );
}

/**
 * Runs a member action; on success back to the member page with a done-message, when refused the same page
 * again (400/409) with the message beside the field and what was typed still there.
 */
async function memberAction(
  c: Ctx,
  s: Signed,
  action: MemberAction,
  fields: readonly string[],
  run: (enetId: string) => Promise<string>,
): Promise<Response> {
  const enetId = param(c, 'enetId');
  try {
    const done = await run(enetId);
    return c.redirect(withLang(s.lang, `/console/members/${encodeURIComponent(enetId)}?done=${done}`), 303);
  } catch (thrown) {
    const err = asServiceError(thrown);
    if (!err || err.code === 'not_found') throw thrown;
    const { field, text } = refusalText(err, s.lang);
    const values = Object.fromEntries(fields.map((f) => [f, s.f(f)]));
    return memberPage(c, s, enetId, { action, field, message: text, values }, httpStatusOf(err.code) as Status);
  }
}

export const memberHandlers = {
  'GET /console/members': async (c, s) => {
    const l = t(s.lang);
    const value = queryValue(c);
    const q = queryOf(value);
    let hits: Awaited<ReturnType<typeof searchMembers>> | undefined;
    let refused: RefusedForm | undefined;
    try {
      hits = q ? await searchMembers(s.web.deps, q) : undefined;
    } catch (thrown) {
      const err = asServiceError(thrown);
      if (!err) throw thrown;
      const { field, text } = refusalText(err, s.lang);
      refused = { action: 'search', field, message: text, values: {} };
    }
    return sendConsolePage(
      c,
      s,
      l('会員検索', 'Member search'),
      <SearchView s={s} hits={hits} values={value} refused={refused} />,
      { status: refused ? 400 : 200 },
    );
  },
  'GET /console/members/:enetId': async (c, s) => memberPage(c, s, param(c, 'enetId')),
  'POST /console/members/:enetId/lift-lock': async (c, s) =>
    memberAction(c, s, 'lift-lock', ['method', 'note'], async (enetId) => {
      await liftLock(s.web.deps, s.op, enetId, s.f('method'), s.f('note'));
      return 'lock-lifted';
    }),
  'POST /console/members/:enetId/restrict': async (c, s) =>
    memberAction(c, s, 'restrict', ['reason', 'note'], async (enetId) => {
      await restrictMember(s.web.deps, s.op, enetId, s.f('reason'), s.f('note'));
      return 'restricted';
    }),
  'POST /console/members/:enetId/deregister': async (c, s) =>
    memberAction(c, s, 'deregister', ['reason', 'note'], async (enetId) => {
      const { pendingId } = await requestDeregistration(s.web.deps, s.op, enetId, s.f('reason'), s.f('note'));
      return pendingId ? 'deregistration-requested' : 'deregistered';
    }),
  'POST /console/members/:enetId/reinstate': async (c, s) =>
    memberAction(c, s, 'reinstate', ['note'], async (enetId) => {
      await reinstateMember(s.web.deps, s.op, enetId, s.f('note'));
      return 'reinstated';
    }),
  'GET /console/approvals': async (c, s) => approvalsPage(c, s),
  'POST /console/approvals/:id/decide': async (c, s) => {
    const decision = s.f('decision') === 'approved' ? 'approved' : 'rejected';
    const id = param(c, 'id');
    try {
      await decideApproval(s.web.deps, s.op, id, decision, s.f('note'));
    } catch (thrown) {
      const err = asServiceError(thrown);
      if (!err) throw thrown;
      const { text } = refusalText(err, s.lang);
      return approvalsPage(c, s, { action: id, field: '', message: text, values: { note: s.f('note') } }, err);
    }
    return c.redirect(withLang(s.lang, `/console/approvals?done=${decision}`), 303);
  },
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;

async function approvalsPage(c: Ctx, s: Signed, refused?: RefusedForm, err?: ServiceError): Promise<Response> {
  const l = t(s.lang);
  const [rows, dir] = await Promise.all([listApprovals(s.web.deps.db, 'all'), actorDirectory(s.web.deps.db)]);
  return sendConsolePage(
    c,
    s,
    l('承認', 'Approvals'),
    <>
      <Done text={refused ? undefined : doneText(c, s.lang)} />
      {refused && !rows.some((r) => r.id === refused.action) ? (
        <p class="notice alert" role="alert">
          {refused.message}
        </p>
      ) : null}
      <Scroll>
        <table id="approvals">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">{l('会員', 'Member')}</th>
              <th scope="col">{l('条項', 'Article')}</th>
              <th scope="col">{l('メモ', 'Note')}</th>
              <th scope="col">{l('申請者', 'Requested by')}</th>
              <th scope="col">{l('状態', 'Status')}</th>
              <th scope="col">{l('承認・却下した人', 'Decided by')}</th>
              <th scope="col">{l('操作', 'Decision')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const mine = refused?.action === r.id ? refused : undefined;
              const noteId = `note-${r.id}`;
              return (
                <tr>
                  <td class="nowrap">{r.id}</td>
                  <td class="nowrap">
                    {r.enet_id ? (
                      <a href={withLang(s.lang, `/console/members/${encodeURIComponent(r.enet_id)}`)}>{r.enet_id}</a>
                    ) : (
                      ''
                    )}
                  </td>
                  <td>{labelOf(ENROLLMENT_REASON_LABELS, r.reason_code, s.lang)}</td>
                  <td>{r.note}</td>
                  <td class="nowrap requester">
                    {r.requester} {fmt(r.requested_at)}
                  </td>
                  <td>{labelOf(APPROVAL_STATUS_LABELS, r.status, s.lang)}</td>
                  <td class="nowrap decider">
                    {r.decided_by ? `${dir.operators.get(r.decided_by) ?? r.decided_by} ${fmt(r.decided_at)}` : ''}
                  </td>
                  <td>
                    {(r.status === 'pending' && s.op.role === 'operator' && r.requested_by !== s.op.id) || mine ? (
                      <form class="inline" method="post" action={withLang(s.lang, `/console/approvals/${r.id}/decide`)}>
                        <Hidden csrf={s.csrf} />
                        <div class="field">
                          <label for={noteId}>{l('判断のメモ', 'Decision note')}</label>
                          <input id={noteId} name="note" value={mine?.values.note ?? ''} maxlength={1000} />
                        </div>
                        <button name="decision" value="approved" type="submit">
                          {l('承認', 'Approve')}
                        </button>
                        <button name="decision" value="rejected" type="submit">
                          {l('却下', 'Reject')}
                        </button>
                        <FieldError id={`${noteId}-error`} text={mine?.message} />
                      </form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Scroll>
    </>,
    { status: err ? (httpStatusOf(err.code) as Status) : 200 },
  );
}
