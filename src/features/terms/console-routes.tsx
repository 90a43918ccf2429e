import { ServiceError } from '../../core/errors.ts';
import { earliestEffectiveDate } from '../../core/terms.ts';
import type { Handler, Signed } from '../console/guard.tsx';
import { withLang } from '../console/http.ts';
import { t } from '../console/layout.tsx';
import { sendConsolePage } from '../console/page.tsx';
import { actorOf } from '../console/service/roles.ts';
import { param } from '../operations/console/shared.tsx';
import type { TermsRouteKey } from './console-access.ts';
import { TermsListPage, TermsVersionPage } from './console-views.tsx';
import { lineDiff } from './service/diff.ts';
import { publishTerms } from './service/publish.ts';
import {
  createTermsDraft,
  type DraftInput,
  listTermsVersions,
  termsInForceOn,
  updateTermsDraft,
} from './service/versions.ts';

function draftInput(s: Signed): DraftInput {
  const covers = s.f('coversPasskeys');
  if (covers !== '' && covers !== '1')
    throw new ServiceError('invalid', 'coversPasskeys: 1 when ticked, absent otherwise', 'coversPasskeys');
  return {
    coversPasskeys: covers === '1',
    version: s.f('version'),
    effectiveDate: s.f('effectiveDate'),
    title: s.f('title'),
    body: s.f('body'),
    changeSummary: s.f('changeSummary'),
    changeSummaryEn: s.f('changeSummaryEn'),
  };
}

/** Terms versions (art. 12): list, draft, edit, diff against the version in force, publish. */
export const termsHandlers = {
  'GET /console/terms': async (c, s) => {
    const { db, clock } = s.web.deps;
    const now = clock.now();
    const [versions, inForce] = await Promise.all([listTermsVersions(db, now), termsInForceOn(db, now)]);
    const earliest = earliestEffectiveDate(now);
    const template = {
      version: earliest,
      effectiveDate: earliest,
      title: inForce?.title ?? '',
      body: inForce?.body ?? '',
      changeSummary: '',
      changeSummaryEn: '',
      coversPasskeys: inForce?.covers_passkeys ?? false,
    };
    return sendConsolePage(
      c,
      s,
      t(s.lang)('利用規約の版', 'Terms versions'),
      <TermsListPage s={s} versions={versions} template={template} />,
    );
  },
  'POST /console/terms': async (c, s) => {
    const id = await createTermsDraft(s.web.deps, draftInput(s), actorOf(s.op));
    return c.redirect(withLang(s.lang, `/console/terms/${id}`), 303);
  },
  'GET /console/terms/:id': async (c, s) => {
    const { db, clock } = s.web.deps;
    const now = clock.now();
    const id = param(c, 'id');
    const [versions, inForce] = await Promise.all([listTermsVersions(db, now), termsInForceOn(db, now)]);
    const view = versions.find((v) => v.row.id === id);
    if (!view) throw new ServiceError('not_found', 'no terms version with that id', 'id');
    const diff = inForce && inForce.id !== id ? lineDiff(inForce.body, view.row.body) : undefined;
    const mailingId = c.req.query('mailing');
    return sendConsolePage(
      c,
      s,
      `${t(s.lang)('利用規約', 'Terms')} ${view.row.version}`,
      <TermsVersionPage
        s={s}
        view={view}
        inForce={inForce}
        diff={diff}
        earliest={earliestEffectiveDate(now)}
        mailingId={mailingId && /^mal_[a-z0-9]+$/.test(mailingId) ? mailingId : undefined}
      />,
    );
  },
  'POST /console/terms/:id': async (c, s) => {
    const id = param(c, 'id');
    await updateTermsDraft(s.web.deps, id, draftInput(s), actorOf(s.op));
    return c.redirect(withLang(s.lang, `/console/terms/${id}`), 303);
  },
  'POST /console/terms/:id/publish': async (c, s) => {
    if (s.f('confirm') !== '1')
      throw new ServiceError('invalid', 'confirm that you checked the changes and the effective date', 'confirm');
    const id = param(c, 'id');
    const done = await publishTerms(s.web.deps, id, actorOf(s.op));
    s.web.deps.kick();
    return c.redirect(withLang(s.lang, `/console/terms/${id}?mailing=${done.mailingId}`), 303);
  },
} satisfies Record<TermsRouteKey, Handler>;
