import type { Role } from './service/roles.ts';

/** `GET /console/x` from a `{ method, path }` entry of an access table. */
export type RouteOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;

/** Every console access table's shape: the method, the path pattern and the roles allowed on it. */
export type AccessTable = readonly { method: 'GET' | 'POST'; path: string; roles: readonly Role[] }[];
