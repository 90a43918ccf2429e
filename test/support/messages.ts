import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'emv3ds');

export function loadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** A browser AReq (from the reference sample of that version) for this PAN, with fresh ids. */
export function browserAReq(
  pan: string,
  overrides: Record<string, unknown> = {},
  version: '2.2.0' | '2.3.1' = '2.2.0',
): Record<string, unknown> {
  const areq = loadFixture(`AReq_browser_${version}`);
  return {
    ...areq,
    acctNumber: pan,
    threeDSServerTransID: randomUUID(),
    dsTransID: randomUUID(),
    ...overrides,
  };
}

export async function postAReq(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, string>; headers: Headers }> {
  const res = await fetch(`${baseUrl}/3ds/areq`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, string> = {};
  try {
    json = JSON.parse(text) as Record<string, string>;
  } catch {}
  return { status: res.status, json, headers: res.headers };
}
