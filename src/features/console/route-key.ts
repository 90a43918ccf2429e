/** `GET /console/x` from a `{ method, path }` entry of an access table. */
export type RouteOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;
