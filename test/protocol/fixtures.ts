import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FieldSpec, messageTable, objectTable, PRESENCE_COLUMNS } from '../../src/protocol/fields.ts';
import { isJsonObject, type JsonObject } from '../../src/protocol/json.ts';
import { isMessageType, isMessageVersion, type MessageType, type MessageVersion } from '../../src/protocol/versions.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'emv3ds');

export interface Sample {
  readonly file: string;
  readonly messageType: MessageType;
  readonly messageVersion: MessageVersion;
  readonly context: JsonObject;
  readonly text: string;
  readonly message: JsonObject;
}

function readJson(file: string): JsonObject {
  const value: unknown = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
  if (!isJsonObject(value)) throw new Error(`${file} is not a JSON object`);
  return value;
}

/** Every sample listed in index.json with the context it was validated with. */
export function loadSamples(): Sample[] {
  const index = readJson('index.json');
  if (!Array.isArray(index.samples)) throw new Error('index.json has no samples');
  return index.samples.map((entry: unknown) => {
    if (!isJsonObject(entry) || typeof entry.file !== 'string') throw new Error('bad index entry');
    const { file, messageType, messageVersion, context } = entry;
    if (!isMessageType(messageType) || !isMessageVersion(messageVersion) || !isJsonObject(context)) {
      throw new Error(`bad index entry ${file}`);
    }
    const text = readFileSync(join(DIR, file), 'utf8');
    return { file, messageType, messageVersion, context, text, message: readJson(file) };
  });
}

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/** Keeps the members the target table knows and moves coded values into its value list. */
function adaptObject(message: JsonObject, table: readonly FieldSpec[], version: MessageVersion): JsonObject {
  const out: JsonObject = {};
  for (const spec of table) {
    const value = message[spec.name];
    if (value === undefined) continue;
    if (spec.values !== undefined && !spec.values.some((v) => v === value)) {
      out[spec.name] = spec.values[0];
      continue;
    }
    const nested = spec.object === undefined ? undefined : objectTable(spec.object, version);
    out[spec.name] = nested !== undefined && isJsonObject(value) ? adaptObject(value, nested, version) : value;
  }
  return out;
}

/**
 * There is no 2.1.0 sample: derive an AReq from the 2.2.0 browser one by the 2.1.0 table (members that
 * did not exist yet are dropped, e.g. browserJavascriptEnabled; codes added in 2.2.0 are replaced).
 */
export function areqBrowser210(samples: readonly Sample[]): Sample {
  const source = samples.find((s) => s.file === 'AReq_browser_2.2.0.json');
  if (source === undefined) throw new Error('AReq_browser_2.2.0.json missing');
  const message = adaptObject({ ...source.message, messageVersion: '2.1.0' }, messageTable('AReq', '2.1.0'), '2.1.0');
  return {
    ...source,
    file: 'AReq_browser_2.1.0 (derived)',
    messageVersion: '2.1.0',
    message,
    text: JSON.stringify(message),
  };
}

const CHANNELS = new Map<unknown, string>([
  ['01', 'APP'],
  ['02', 'BRW'],
  ['03', '3RI'],
]);
const CATEGORIES = new Map<unknown, string>([
  ['01', 'PA'],
  ['02', 'NPA'],
]);

/** The presenceBy column for a message's own deviceChannel/messageCategory. */
export function columnOf(message: JsonObject): (typeof PRESENCE_COLUMNS)[number] | undefined {
  const name = `${CHANNELS.get(message.deviceChannel)}.${CATEGORIES.get(message.messageCategory)}`;
  return PRESENCE_COLUMNS.find((c) => c === name);
}
