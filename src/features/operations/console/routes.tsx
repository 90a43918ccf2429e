import type { Handler } from '../../console/guard.tsx';
import { termsHandlers } from '../../terms/console-routes.tsx';
import type { OperationsRouteKey } from './access.ts';
import { noticeHandlers } from './notices-routes.tsx';
import { windowHandlers } from './windows-routes.tsx';

/** Handlers of OPERATIONS_ROUTES: service windows, notices and mailings, terms versions (issue #9). */
export const operationsHandlers = {
  ...windowHandlers,
  ...noticeHandlers,
  ...termsHandlers,
} satisfies Record<OperationsRouteKey, Handler>;
