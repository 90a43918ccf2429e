/**
 * SQL statements the service has sent, from its own counter `ninsho_db_statements_total` on `GET /metrics`
 * (docs/interfaces.md, "Health and metrics"), summed over its labels; undefined while the service has no such
 * counter, so the bench prints "n/a" rather than a wrong figure.
 */
export async function statementsSoFar(serviceUrl: string): Promise<number | undefined> {
  const text = await fetch(`${serviceUrl}/metrics`).then(
    (r) => (r.ok ? r.text() : ''),
    () => '',
  );
  let total: number | undefined;
  for (const m of text.matchAll(/^ninsho_db_statements_total(?:\{[^}]*\})? ([\d.eE+-]+)$/gm)) {
    total = (total ?? 0) + Number(m[1]);
  }
  return total;
}

/** Statements per request (per challenge) between two readings, to one decimal; null without the counter. */
export function statementsPer(before: number | undefined, after: number | undefined, requests: number): number | null {
  if (before === undefined || after === undefined || requests === 0) return null;
  return Math.round(((after - before) * 10) / requests) / 10;
}
