import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { frameOf, memberPage, memberPost, notFound } from '../portal/guards.tsx';
import { metaOf, type PortalWeb, portalBodyLimit, redirect, sendPage } from '../portal/http.ts';
import { render } from '../portal/layout.tsx';
import { findTrustedMerchant, listTrustedMerchants, removeTrustedMerchant } from './trusted-merchants.ts';
import { TRUSTED_PATH, TrustedListPage, TrustedRemovePage } from './trusted-portal-views.tsx';

/** Our row ids (`tmer_` + Crockford base32); anything else is not found before the database is asked. */
const ID = /^tmer_[0-9A-Za-z]{1,64}$/;

/**
 * The member's trusted merchants in the portal (issue #20 item 5, docs/portal.md): the list, and removing one
 * after a confirm page (CSRF-checked POST, audited). Another member's id is 404, like an unknown one.
 */
export function mountTrustedMerchantRoutes(app: Hono<AppEnv>, web: PortalWeb): void {
  app.get(
    TRUSTED_PATH,
    memberPage(web, async (c, member) => {
      const frame = frameOf(web, c, member.lang, member.csrf);
      const merchants = await listTrustedMerchants(web.deps, member.enetId);
      const removed = c.req.query('done') === 'removed';
      return sendPage(
        c,
        frame.nonce,
        render(<TrustedListPage frame={frame} merchants={merchants} removed={removed} />),
      );
    }),
  );

  app.get(
    `${TRUSTED_PATH}/:id/remove`,
    memberPage(web, async (c, member) => {
      const id = c.req.param('id') ?? '';
      const merchant = ID.test(id) ? await findTrustedMerchant(web.deps, member.enetId, id) : undefined;
      if (!merchant) return notFound(web, c, member);
      const frame = frameOf(web, c, member.lang, member.csrf);
      return sendPage(
        c,
        frame.nonce,
        render(<TrustedRemovePage frame={frame} csrf={member.csrf} merchant={merchant} />),
      );
    }),
  );

  app.post(
    `${TRUSTED_PATH}/:id/remove`,
    portalBodyLimit(),
    memberPost(web, async (c, member) => {
      const id = c.req.param('id') ?? '';
      const removed =
        ID.test(id) && (await removeTrustedMerchant(web.deps, { enetId: member.enetId, id }, metaOf(web, c)));
      if (!removed) return notFound(web, c, member);
      return redirect(c, member.lang, `${TRUSTED_PATH}?done=removed`);
    }),
  );
}
