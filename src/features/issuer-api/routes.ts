import type { Context, Hono } from 'hono';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { type ApiEnv, requireToken } from './auth.ts';
import { mountImportApi } from './import/routes.ts';
import { deleteEnetAccount, provisionPhone, recordStatementNotice, upsertCard, upsertMember } from './issuer-data.ts';
import { getCardView, getMemberDetail, getMemberView } from './issuer-views.ts';
import { openApiDocument } from './openapi.ts';
import { deleteCardRange, getRangeView, listRangeViews, putCardRange } from './range-admin.ts';
import { applyChange, endpoint, limitBody, pathParam, readBody } from './request.ts';
import {
  type CardRangeListBody,
  type CardRangeViewBody,
  type CardViewBody,
  cardBody,
  cardRangeBody,
  type MemberDetailBody,
  type MemberViewBody,
  memberBody,
  phoneBody,
  statementBody,
} from './schemas.ts';

type ApiContext = Context<ApiEnv>;

/** Who and which request, for the audit row each service writes in the same transaction as its change. */
const origin = (c: ApiContext) => ({ actor: `issuer-api:${c.get('tokenId')}`, requestId: c.get('requestId') });

/**
 * Issuer API (docs/interfaces.md "Issuer systems"): the issuer's member and card feed. Handlers only validate,
 * call a service and shape the answer. POST /api/v1/cavv/verify is mounted by api/cavv.ts.
 */
export function mountIssuerApi(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db } = deps;
  const issuer = requireToken(db, deps.keys, 'issuer');

  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument));
  mountImportApi(app, deps);

  app.get(
    '/api/v1/members/:enetId',
    issuer,
    endpoint(async (c) => {
      const view: MemberDetailBody = await getMemberDetail(db, pathParam(c, 'enetId'));
      return c.json(view);
    }),
  );

  app.put(
    '/api/v1/members/:enetId',
    issuer,
    limitBody,
    endpoint(async (c) => {
      const enetId = pathParam(c, 'enetId');
      const input = await readBody(c, memberBody);
      const { actor, requestId } = origin(c);
      const { created } = await applyChange(() => upsertMember(deps, enetId, input, actor, requestId));
      const view: MemberViewBody = await getMemberView(db, enetId);
      return c.json(view, created ? 201 : 200);
    }),
  );

  // terms art. 8-1-2: the e-net account was deleted, so the member is deregistered (idempotent).
  app.delete(
    '/api/v1/members/:enetId',
    issuer,
    endpoint(async (c) => {
      const enetId = pathParam(c, 'enetId');
      const { actor, requestId } = origin(c);
      await applyChange(() => deleteEnetAccount(deps, enetId, actor, requestId));
      return c.body(null, 204);
    }),
  );

  app.post(
    '/api/v1/members/:enetId/phone',
    issuer,
    limitBody,
    endpoint(async (c) => {
      const enetId = pathParam(c, 'enetId');
      const { phone } = await readBody(c, phoneBody);
      const { actor, requestId } = origin(c);
      const { bound } = await applyChange(() => provisionPhone(deps, enetId, phone, actor, requestId));
      const view: MemberViewBody = await getMemberView(db, enetId);
      return c.json(view, bound ? 201 : 200);
    }),
  );

  // terms art. 5-3-5: statement notice dates start the member's 60-day fraud-report window.
  app.post(
    '/api/v1/members/:enetId/statements',
    issuer,
    limitBody,
    endpoint(async (c) => {
      const enetId = pathParam(c, 'enetId');
      const input = await readBody(c, statementBody);
      const { actor, requestId } = origin(c);
      return c.json(await applyChange(() => recordStatementNotice(deps, enetId, input, actor, requestId)), 201);
    }),
  );

  // terms art. 8-1-1: `closed` is card membership lost; the service deregisters when no active card remains.
  app.put(
    '/api/v1/cards/:cardRef',
    issuer,
    limitBody,
    endpoint(async (c) => {
      const cardRef = pathParam(c, 'cardRef');
      const input = await readBody(c, cardBody);
      const { actor, requestId } = origin(c);
      const { created } = await applyChange(() => upsertCard(deps, cardRef, input, actor, requestId));
      const view: CardViewBody = await getCardView(db, cardRef);
      return c.json(view, created ? 201 : 200);
    }),
  );

  app.get(
    '/api/v1/card-ranges',
    issuer,
    endpoint(async (c) => {
      const list: CardRangeListBody = { ranges: await listRangeViews(db) };
      return c.json(list);
    }),
  );

  // A change reaches this node's AReq path before the answer goes out, and every other node within seconds.
  app.put(
    '/api/v1/card-ranges/:rangeId',
    issuer,
    limitBody,
    endpoint(async (c) => {
      const rangeId = pathParam(c, 'rangeId');
      const input = await readBody(c, cardRangeBody);
      const { actor, requestId } = origin(c);
      const { created, changed } = await applyChange(() => putCardRange(deps, rangeId, input, actor, requestId));
      if (changed) await deps.ranges.reload();
      const view: CardRangeViewBody = await getRangeView(db, rangeId);
      return c.json(view, created ? 201 : 200);
    }),
  );

  app.delete(
    '/api/v1/card-ranges/:rangeId',
    issuer,
    endpoint(async (c) => {
      const rangeId = pathParam(c, 'rangeId');
      const { actor, requestId } = origin(c);
      await deleteCardRange(deps, rangeId, actor, { requestId });
      await deps.ranges.reload();
      return c.body(null, 204);
    }),
  );
}
