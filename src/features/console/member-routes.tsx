import { ServiceError } from '../../core/errors.ts';
import type { ConsoleRouteKey } from './access.ts';
import type { Handler, Signed } from './guard.tsx';
import { type Ctx, withLang } from './http.ts';
import { fmt, Hidden, t } from './layout.tsx';
import { MemberView, SearchView } from './member-views.tsx';
import { sendConsolePage } from './page.tsx';
import {
  decideApproval,
  liftLock,
  listApprovals,
  reinstateMember,
  requestDeregistration,
  restrictMember,
} from './service/member-actions.ts';
import { type MemberQuery, memberFile, searchMembers } from './service/members.ts';

function queryOf(c: Ctx): MemberQuery | undefined {
  const q = (k: string) => c.req.query(k)?.trim() ?? '';
  if (q('enetId')) return { by: 'enetId', enetId: q('enetId') };
  if (q('cardRef')) return { by: 'cardRef', cardRef: q('cardRef') };
  if (q('last4') || q('expiry')) return { by: 'last4', last4: q('last4'), expiry: q('expiry') };
  if (q('phone')) return { by: 'phone', phone: q('phone') };
  return undefined;
}

const param = (c: Ctx, name: string) => c.req.param(name) ?? '';
const backToMember = (c: Ctx, s: Signed) =>
  c.redirect(withLang(s.lang, `/console/members/${encodeURIComponent(param(c, 'enetId'))}`), 303);

export const memberHandlers = {
  'GET /console/members': async (c, s) => {
    const l = t(s.lang);
    const q = queryOf(c);
    let hits: Awaited<ReturnType<typeof searchMembers>> | undefined;
    let error: string | undefined;
    try {
      hits = q ? await searchMembers(s.web.deps, q) : undefined;
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      error = l('検索条件を確認してください。', 'Check the search fields.');
    }
    return sendConsolePage(c, s, l('会員検索', 'Member search'), <SearchView s={s} hits={hits} error={error} />);
  },
  'GET /console/members/:enetId': async (c, s) => {
    const file = await memberFile(s.web.deps.db, param(c, 'enetId'));
    return sendConsolePage(
      c,
      s,
      `${t(s.lang)('会員', 'Member')} ${file.member.enet_id}`,
      <MemberView s={s} file={file} />,
    );
  },
  'POST /console/members/:enetId/lift-lock': async (c, s) => {
    await liftLock(s.web.deps, s.op, param(c, 'enetId'), s.f('method'), s.f('note'));
    return backToMember(c, s);
  },
  'POST /console/members/:enetId/restrict': async (c, s) => {
    await restrictMember(s.web.deps, s.op, param(c, 'enetId'), s.f('reason'), s.f('note'));
    return backToMember(c, s);
  },
  'POST /console/members/:enetId/deregister': async (c, s) => {
    await requestDeregistration(s.web.deps, s.op, param(c, 'enetId'), s.f('reason'), s.f('note'));
    return backToMember(c, s);
  },
  'POST /console/members/:enetId/reinstate': async (c, s) => {
    await reinstateMember(s.web.deps, s.op, param(c, 'enetId'), s.f('note'));
    return backToMember(c, s);
  },
  'GET /console/approvals': async (c, s) => {
    const l = t(s.lang);
    const rows = await listApprovals(s.web.deps.db, 'all');
    return sendConsolePage(
      c,
      s,
      l('承認', 'Approvals'),
      <table>
        <thead>
          <tr>
            <th>ID</th>
            <th>e-net ID</th>
            <th>{l('理由', 'Reason')}</th>
            <th>{l('メモ', 'Note')}</th>
            <th>{l('申請者', 'Requested by')}</th>
            <th>{l('状態', 'Status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{r.id}</td>
              <td>{r.enet_id}</td>
              <td>{r.reason_code}</td>
              <td>{r.note}</td>
              <td>
                {r.requester} {fmt(r.requested_at)}
              </td>
              <td>{r.status}</td>
              <td>
                {r.status === 'pending' && s.op.role === 'operator' && r.requested_by !== s.op.id ? (
                  <form class="inline" method="post" action={withLang(s.lang, `/console/approvals/${r.id}/decide`)}>
                    <Hidden csrf={s.csrf} />
                    <input name="note" aria-label="decision note" />
                    <button name="decision" value="approved" type="submit">
                      {l('承認', 'Approve')}
                    </button>
                    <button name="decision" value="rejected" type="submit">
                      {l('却下', 'Reject')}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>,
    );
  },
  'POST /console/approvals/:id/decide': async (c, s) => {
    const decision = s.f('decision') === 'approved' ? 'approved' : 'rejected';
    await decideApproval(s.web.deps, s.op, param(c, 'id'), decision, s.f('note'));
    return c.redirect(withLang(s.lang, '/console/approvals'), 303);
  },
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;
