import type { Handler } from '../guard.tsx';
import type { InvestigationRouteKey } from './access.ts';

/** Handlers of INVESTIGATION_ROUTES. */
export const investigationHandlers = {} satisfies Record<InvestigationRouteKey, Handler>;
