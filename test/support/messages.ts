import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateMessage } from '../../src/protocol/validate.ts';
import { isMessageVersion } from '../../src/protocol/versions.ts';

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
  if (res.status === 200) assertValidOutgoing(json, typeof body === 'string' ? undefined : body);
  return { status: res.status, json, headers: res.headers };
}

/**
 * Every ARes/Erro/RReq/CRes the ACS sends in the test suite goes through the same validator as what it
 * receives (strict for what we produce), so we never send what we would reject.
 */
export function assertValidOutgoing(message: Record<string, unknown>, request?: unknown): void {
  const type = message.messageType;
  const version = message.messageVersion;
  if (typeof type !== 'string' || !['ARes', 'Erro', 'RReq', 'CRes'].includes(type) || !isMessageVersion(version)) {
    throw new Error(`not an ACS message: ${JSON.stringify(message).slice(0, 200)}`);
  }
  const areq = request && typeof request === 'object' ? (request as Record<string, unknown>) : {};
  const context = {
    deviceChannel: areq.deviceChannel ?? '02',
    messageCategory: areq.messageCategory ?? message.messageCategory ?? '01',
  } as never;
  const result = validateMessage(message, { messageType: type as 'ARes', messageVersion: version, context });
  if (!result.ok)
    throw new Error(
      `invalid outgoing ${type}: ${result.errorCode} ${result.errorDetail} in ${JSON.stringify(message)}`,
    );
}
