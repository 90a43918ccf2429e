import { asServiceError, httpStatusOf } from '../../../app/http/errors.ts';
import type { Lang } from '../../../core/i18n.ts';
import type { Handler, Signed } from '../../console/guard.tsx';
import { type Ctx, type Status, withLang } from '../../console/http.ts';
import { t } from '../../console/layout.tsx';
import { sendConsolePage } from '../../console/page.tsx';
import { actorOf } from '../../console/service/roles.ts';
import { param } from '../../operations/console/shared.tsx';
import { activeCardsInRange, getRangeView, listRangeViews, putCardRange } from '../range-admin.ts';
import type { CardRangeRouteKey } from './access.ts';
import { decideRangeDeletion, listPendingRangeDeletions, requestRangeDeletion } from './range-deletions.ts';
import { DeleteConfirmPage, type FieldError, type RangeFormValues, RangesPage } from './range-views.tsx';

const EMPTY: RangeFormValues = { rangeId: '', startRange: '', endRange: '' };

/** What to say beside the field a refused range names, or undefined when it is not a form problem. */
function fieldError(
  thrown: unknown,
  lang: Lang,
): (FieldError & { status: ReturnType<typeof httpStatusOf> }) | undefined {
  const err = asServiceError(thrown);
  if (!err?.field) return undefined;
  const l = t(lang);
  const texts: Record<string, string> = {
    id: l('英数字・_・- の1〜64文字で入力してください。', 'Use 1 to 64 of A-Z a-z 0-9 _ -.'),
    digits: l('13〜19桁の数字で入力してください。', 'Enter 13 to 19 digits.'),
    length: l('開始カード番号と同じ桁数で入力してください。', 'Use as many digits as the start.'),
    order: l('開始カード番号以上の番号を入力してください。', 'Must not be below the start.'),
  };
  const text =
    err.code === 'range_overlap'
      ? l(`カード番号範囲 ${err.detail} と重なっています。`, `Overlaps card range ${err.detail}.`)
      : err.code === 'invalid'
        ? (texts[err.detail ?? ''] ?? err.message)
        : undefined;
  return text === undefined ? undefined : { field: err.field, text, status: httpStatusOf(err.code) };
}

async function rangesPage(c: Ctx, s: Signed, values: RangeFormValues, error?: FieldError, status?: Status) {
  const { db, clock } = s.web.deps;
  const [ranges, pending] = await Promise.all([listRangeViews(db), listPendingRangeDeletions({ db, clock })]);
  return sendConsolePage(
    c,
    s,
    t(s.lang)('カード番号範囲', 'Card ranges'),
    <RangesPage s={s} ranges={ranges} pending={pending} values={values} error={error} />,
    status ? { status } : {},
  );
}

/** Card ranges (issue #17): list, add or change, and a deletion one admin requests and another approves. */
export const cardRangeHandlers = {
  'GET /console/card-ranges': async (c, s) => {
    const edit = c.req.query('edit');
    const { rangeId, startRange, endRange } = edit ? await getRangeView(s.web.deps.db, edit) : EMPTY;
    return rangesPage(c, s, { rangeId, startRange, endRange });
  },
  'POST /console/card-ranges': async (c, s) => {
    const values = {
      rangeId: s.f('rangeId').trim(),
      startRange: s.f('startRange').trim(),
      endRange: s.f('endRange').trim(),
    };
    try {
      const { changed } = await putCardRange(s.web.deps, values.rangeId, values, actorOf(s.op));
      if (changed) await s.web.deps.ranges.reload(); // this node at once; the others by NOTIFY
    } catch (thrown) {
      const error = fieldError(thrown, s.lang);
      if (!error) throw thrown;
      return rangesPage(c, s, values, error, error.status);
    }
    return c.redirect(withLang(s.lang, '/console/card-ranges'), 303);
  },
  'GET /console/card-ranges/:id/delete': async (c, s) => {
    const range = await getRangeView(s.web.deps.db, param(c, 'id'));
    const cards = await activeCardsInRange(s.web.deps, range.rangeId);
    return sendConsolePage(
      c,
      s,
      t(s.lang)('カード番号範囲の削除', 'Delete a card range'),
      <DeleteConfirmPage s={s} range={range} cards={cards} />,
    );
  },
  'POST /console/card-ranges/:id/delete': async (c, s) => {
    try {
      await requestRangeDeletion(s.web.deps, s.op, param(c, 'id'), s.f('note'));
    } catch (thrown) {
      const err = asServiceError(thrown);
      if (err?.field !== 'note') throw thrown;
      const range = await getRangeView(s.web.deps.db, param(c, 'id'));
      const cards = await activeCardsInRange(s.web.deps, range.rangeId);
      const text = t(s.lang)(
        '削除の理由を入力してください（1000文字まで）。',
        'Give a reason (up to 1,000 characters).',
      );
      return sendConsolePage(
        c,
        s,
        t(s.lang)('カード番号範囲の削除', 'Delete a card range'),
        <DeleteConfirmPage s={s} range={range} cards={cards} error={text} />,
        { status: 400 },
      );
    }
    return c.redirect(withLang(s.lang, '/console/card-ranges'), 303);
  },
  'POST /console/card-ranges/approvals/:id/decide': async (c, s) => {
    const decision = s.f('decision') === 'approved' ? 'approved' : 'rejected';
    const { deleted } = await decideRangeDeletion(s.web.deps, s.op, param(c, 'id'), decision, s.f('note'));
    if (deleted) await s.web.deps.ranges.reload();
    return c.redirect(withLang(s.lang, '/console/card-ranges'), 303);
  },
} satisfies Record<CardRangeRouteKey, Handler>;
