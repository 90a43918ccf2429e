import { ServiceError } from '../../../core/errors.ts';
import type { Lang } from '../../../core/i18n.ts';
import { cardRangeIds } from '../../../storage/repositories/operations-reads.ts';
import type { Handler, Signed } from '../../console/guard.tsx';
import { type Ctx, withLang } from '../../console/http.ts';
import { Done, t } from '../../console/layout.tsx';
import { sendConsolePage } from '../../console/page.tsx';
import { actorOf } from '../../console/service/roles.ts';
import { cancelWindow, endWindow, scheduleMaintenance, startEmergencyStop } from '../service/windows.ts';
import { listWindows } from '../service/windows-view.ts';
import type { OperationsRouteKey } from './access.ts';
import { jstLocalInput, noticeText, param } from './shared.tsx';
import { EmergencyConfirm, type EmergencyRefusal, type EmergencyValues, WindowsPage } from './windows-views.tsx';

function noticeHours(value: string): number {
  if (!/^\d{1,4}$/.test(value.trim())) throw new ServiceError('invalid', 'notice period: whole hours', 'noticeHours');
  return Number(value);
}

function required(s: Signed, name: string): string {
  const value = s.f(name).trim();
  if (value === '' || value.length > 500) throw new ServiceError('invalid', `${name}: 1–500 characters`, name);
  return value;
}

/** After a change to windows: apply it on this node now (the next AReq sees it), then back to the list. */
async function applied(c: Ctx, s: Signed): Promise<Response> {
  await s.web.deps.operationsChanged();
  return c.redirect(withLang(s.lang, '/console/operations'), 303);
}

/** The emergency-stop form's refusals: every field is the admin's own words, none may be left empty. */
function emergencyErrors(values: EmergencyValues, lang: Lang): EmergencyRefusal['errors'] {
  const l = t(lang);
  const errors: EmergencyRefusal['errors'] = {};
  const missing: Record<Exclude<keyof EmergencyValues, 'scope'>, [string, string]> = {
    reason: [
      '停止の理由を入力してください（監査ログに残ります）。',
      'Say why the service stops (kept in the audit log).',
    ],
    title: ['お知らせの件名（日本語）を入力してください。', 'Write the title of the notice in Japanese.'],
    body: ['お知らせの本文（日本語）を入力してください。', 'Write the text of the notice in Japanese.'],
    titleEn: ['お知らせの件名（英語）を入力してください。', 'Write the title of the notice in English.'],
    bodyEn: ['お知らせの本文（英語）を入力してください。', 'Write the text of the notice in English.'],
  };
  for (const [name, [ja, en]] of Object.entries(missing) as [keyof typeof missing, [string, string]][])
    if (values[name].trim() === '') errors[name] = l(ja, en);
  if (values.reason.length > 500)
    errors.reason = l('理由は 500 文字以内で入力してください。', 'The reason takes up to 500 characters.');
  return errors;
}

/** The operations page; after a refused emergency-stop form, that form with what was typed and the messages. */
async function operationsPage(
  c: Ctx,
  s: Signed,
  refused: { emergency: EmergencyRefusal; status: 400 } | undefined = undefined,
): Promise<Response> {
  const { db, clock } = s.web.deps;
  const now = clock.now();
  const lists = await listWindows(db, now);
  const ranges = await cardRangeIds(db);
  const l = t(s.lang);
  return sendConsolePage(
    c,
    s,
    l('サービスの停止', 'Service pauses'),
    <>
      <Done
        text={
          !refused && c.req.query('done') === 'emergency-started'
            ? l('緊急停止を開始しました。', 'The emergency stop has started.')
            : undefined
        }
      />
      <WindowsPage s={s} lists={lists} ranges={ranges} now={now} emergency={refused?.emergency} />
    </>,
    refused ? { status: refused.status } : undefined,
  );
}

/** Service windows (terms art. 11): list, schedule, cancel, emergency stop, end. */
export const windowHandlers = {
  'GET /console/operations': async (c, s) => operationsPage(c, s),
  'POST /console/operations/windows': async (c, s) => {
    await scheduleMaintenance(
      s.web.deps,
      {
        ...noticeText(s),
        scope: s.f('scope'),
        startsAt: jstLocalInput(s.f('startsAt'), 'startsAt'),
        endsAt: jstLocalInput(s.f('endsAt'), 'endsAt'),
        noticeHours: noticeHours(s.f('noticeHours')),
      },
      actorOf(s.op),
    );
    return applied(c, s);
  },
  'POST /console/operations/windows/:id/cancel': async (c, s) => {
    await cancelWindow(s.web.deps, param(c, 'id'), actorOf(s.op), required(s, 'reason'));
    return applied(c, s);
  },
  'POST /console/operations/windows/:id/end': async (c, s) => {
    await endWindow(s.web.deps, param(c, 'id'), actorOf(s.op), required(s, 'reason'));
    return applied(c, s);
  },
  // Two steps: the first post only shows what would stop (EmergencyConfirm); the second, with the box ticked
  // for that same scope, stops it. A field left empty brings the form back with the message beside it.
  'POST /console/operations/emergency': async (c, s) => {
    const l = t(s.lang);
    const values: EmergencyValues = { ...noticeText(s), scope: s.f('scope'), reason: s.f('reason').trim() };
    const errors = emergencyErrors(values, s.lang);
    if (Object.keys(errors).length > 0) return operationsPage(c, s, { emergency: { values, errors }, status: 400 });
    const confirmed = s.f('step') === 'confirm' && s.f('confirm') === 'yes';
    if (!confirmed) {
      const error =
        s.f('step') === 'confirm'
          ? l('停止する前に、確認のチェックを入れてください。', 'Tick the box to confirm before stopping.')
          : undefined;
      return sendConsolePage(
        c,
        s,
        l('緊急停止の確認', 'Confirm the emergency stop'),
        <EmergencyConfirm s={s} values={values} error={error} />,
        { status: error ? 400 : 200 },
      );
    }
    await startEmergencyStop(s.web.deps, values, actorOf(s.op));
    await s.web.deps.operationsChanged();
    return c.redirect(withLang(s.lang, '/console/operations?done=emergency-started'), 303);
  },
} satisfies Partial<Record<OperationsRouteKey, Handler>>;
