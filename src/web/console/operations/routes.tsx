import type { Handler } from '../guard.tsx';
import type { OperationsRouteKey } from './access.ts';

/** Handlers of OPERATIONS_ROUTES. */
export const operationsHandlers = {} satisfies Record<OperationsRouteKey, Handler>;
