import { asServiceError, httpStatusOf } from '../../../app/http/errors.ts';
import type { Handler, Signed } from '../../console/guard.tsx';
import { type Ctx, withLang } from '../../console/http.ts';
import { t } from '../../console/layout.tsx';
import { sendConsolePage } from '../../console/page.tsx';
import { listOperators } from '../../console/service/operators.ts';
import { actorOf } from '../../console/service/roles.ts';
import { beginCeremony, cancelCeremony, enterComponent, finishCeremony, generateKey } from '../ceremony.ts';
import { activateKey, keyOverview, registerKey } from '../service.ts';
import type { KeyRouteKey } from './access.ts';
import { type Flash, KeysPage } from './views.tsx';

const param = (c: Ctx, name: string) => c.req.param(name) ?? '';

async function keysPage(c: Ctx, s: Signed, flash?: Flash): Promise<Response> {
  const [overview, operators] = await Promise.all([keyOverview(s.web.deps), listOperators(s.web.deps.db)]);
  const names = new Map(operators.map((o) => [actorOf(o), o.username]));
  const status = flash?.kind === 'error' ? flash.status : undefined;
  return sendConsolePage(
    c,
    s,
    t(s.lang)('鍵管理', 'Keys'),
    <KeysPage
      s={s}
      overview={overview}
      who={(actor) => (actor ? (names.get(actor) ?? actor) : '—')}
      now={s.web.deps.clock.now()}
      flash={flash}
    />,
    status ? { status } : {},
  );
}

/**
 * Runs one ceremony step; a refused step (bad input, same officer, wrong state) shows the key screen again with
 * the message beside the form it came from, and changes nothing.
 */
async function step(c: Ctx, s: Signed, form: string, work: () => Promise<Flash | undefined>): Promise<Response> {
  try {
    const flash = await work();
    return flash ? keysPage(c, s, flash) : c.redirect(withLang(s.lang, '/console/keys'), 303);
  } catch (thrown) {
    const err = asServiceError(thrown);
    if (!err) throw thrown;
    return keysPage(c, s, { kind: 'error', form, message: err.message, status: httpStatusOf(err.code) });
  }
}

/** Handlers of KEY_ROUTES: the key list and the CVK ceremony, each step by the signed-in admin. */
export const keyHandlers = {
  'GET /console/keys': (c, s) => keysPage(c, s),
  'POST /console/keys/ceremonies': (c, s) =>
    step(c, s, 'begin', async () => {
      await beginCeremony(s.web.deps, Number(s.f('components')), actorOf(s.op));
      return undefined;
    }),
  'POST /console/keys/ceremonies/:id/component': (c, s) => {
    const id = param(c, 'id');
    return step(c, s, `component:${id}`, async () => {
      const entered = await enterComponent(s.web.deps, id, actorOf(s.op), s.f('component'));
      return { kind: 'component', ceremonyId: id, ...entered };
    });
  },
  'POST /console/keys/ceremonies/:id/finish': (c, s) => {
    const id = param(c, 'id');
    return step(c, s, `finish:${id}`, async () => ({
      kind: 'loaded',
      ...(await finishCeremony(s.web.deps, id, actorOf(s.op))),
    }));
  },
  'POST /console/keys/ceremonies/:id/cancel': (c, s) => {
    const id = param(c, 'id');
    return step(c, s, `finish:${id}`, async () => {
      await cancelCeremony(s.web.deps, id, actorOf(s.op));
      return undefined;
    });
  },
  'POST /console/keys/generate': (c, s) =>
    step(c, s, 'generate', async () => ({ kind: 'loaded', ...(await generateKey(s.web.deps, actorOf(s.op))) })),
  'POST /console/keys/:id/register': (c, s) => {
    const id = param(c, 'id');
    return step(c, s, `register:${id}`, async () => {
      await registerKey(s.web.deps, id, actorOf(s.op), {
        reference: s.f('reference'),
        registeredOn: s.f('registeredOn'),
      });
      return undefined;
    });
  },
  'POST /console/keys/:id/activate': (c, s) => {
    const id = param(c, 'id');
    return step(c, s, `activate:${id}`, async () => ({
      kind: 'activated',
      id,
      ...(await activateKey(s.web.deps, id, actorOf(s.op))),
    }));
  },
} satisfies Record<KeyRouteKey, Handler>;
