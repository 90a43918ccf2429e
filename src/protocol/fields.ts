import { z } from 'zod';
import fieldsJson from './data/fields.json' with { type: 'json' };
import {
  compareVersions,
  MESSAGE_TYPES,
  type MessageType,
  type MessageVersion,
  SUPPORTED_VERSIONS,
} from './versions.ts';

/** presenceBy keys in fields.json: <deviceChannel>.<messageCategory> (README "fields.json layout"). */
export const PRESENCE_COLUMNS = ['APP.PA', 'APP.NPA', 'BRW.PA', 'BRW.NPA', '3RI.PA', '3RI.NPA'] as const;

const presenceCode = z.enum(['R', 'C', 'O', '-']);
const clauseTest = z.union([
  z.literal('*present*'),
  z.literal('*absent*'),
  z.array(z.union([z.string(), z.boolean()])),
  z.object({ not: z.array(z.string()) }),
]);
const requiredWhen = z.object({ any: z.array(z.record(z.string(), clauseTest)) });

const fieldSpecSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['string', 'boolean', 'object', 'array', 'any', 'string|object']),
  presence: z.enum(['R', 'C', 'O']),
  presenceBy: z.record(z.enum(PRESENCE_COLUMNS), presenceCode).optional(),
  requiredWhen: requiredWhen.optional(),
  atAcs: z.enum(['R', 'absent']).optional(),
  format: z.string().optional(),
  pattern: z.string().optional(),
  minLength: z.number().int().optional(),
  maxLength: z.number().int().optional(),
  minItems: z.number().int().optional(),
  maxItems: z.number().int().optional(),
  itemMaxLength: z.number().int().optional(),
  range: z.tuple([z.string(), z.string()]).optional(),
  enum: z.string().optional(),
  values: z.array(z.union([z.string(), z.boolean()])).optional(),
  /** Codes EMVCo keeps for future use: error 207 in 2.3.1, 203 before (fields.json meta.values). */
  emvcoReserved: z.array(z.string()).optional(),
  /** DS-specific codes (80-99): accepted, the DS defines them. */
  dsRanges: z.array(z.string()).optional(),
  /** A coded field without ranges: a code outside `values` is 203. */
  closedList: z.literal(true).optional(),
  items: z.enum(['string', 'object']).optional(),
  object: z.string().optional(),
});

const version = z.enum(SUPPORTED_VERSIONS);
const enumEntrySchema = z.object({
  value: z.string(),
  meaning: z.string(),
  since: version.optional(),
  until: version.optional(),
});

const fieldsFileSchema = z.object({
  formats: z.record(z.string(), z.object({ pattern: z.string().optional(), excluded: z.array(z.string()).optional() })),
  enums: z.record(z.string(), z.array(enumEntrySchema)),
  // A string entry points at a message table (objects.Erro is "a full copy of the Erro message").
  objects: z.record(z.string(), z.partialRecord(version, z.union([z.array(fieldSpecSchema), z.string()]))),
  // OReq and ORes have a 2.3.1 table only (Tables B.10, B.11).
  messages: z.record(z.enum(MESSAGE_TYPES), z.partialRecord(version, z.array(fieldSpecSchema))),
});

export type FieldSpec = z.infer<typeof fieldSpecSchema>;
export type Presence = z.infer<typeof presenceCode>;
export type RequiredWhen = z.infer<typeof requiredWhen>;
export type ClauseTest = z.infer<typeof clauseTest>;
export type EnumEntry = z.infer<typeof enumEntrySchema>;
export type FormatSpec = { readonly pattern?: string; readonly excluded?: readonly string[] };
/** Names of the value lists in fields.json → enums, checked at compile time. */
export type EnumName = keyof (typeof fieldsJson)['enums'];

// Parsed once at load: a malformed reference file stops the process instead of mis-validating traffic.
const data = fieldsFileSchema.parse(fieldsJson);

/** The field rows of a message in a version; empty when the message does not exist there (OReq in 2.2.0). */
export function messageTable(type: MessageType, v: MessageVersion): readonly FieldSpec[] {
  return data.messages[type][v] ?? [];
}

/** Versions in which a message type exists (OReq/ORes: 2.3.1 only). */
export function versionsOf(type: MessageType): readonly MessageVersion[] {
  return SUPPORTED_VERSIONS.filter((v) => data.messages[type][v] !== undefined);
}

/** Field list of a nested object, or undefined when the object does not exist in that version. */
export function objectTable(name: string, v: MessageVersion): readonly FieldSpec[] | undefined {
  const table = data.objects[name]?.[v];
  if (typeof table !== 'string') return table;
  const ref = /^see messages\.(\w+)\[/.exec(table)?.[1];
  const type = MESSAGE_TYPES.find((t) => t === ref);
  return type === undefined ? undefined : data.messages[type][v];
}

export function formatSpec(name: string): FormatSpec | undefined {
  return data.formats[name];
}

/** The row of one top-level field of a message, e.g. fieldSpec('Erro', '2.2.0', 'errorDetail'). */
export function fieldSpec(type: MessageType, v: MessageVersion, name: string): FieldSpec | undefined {
  return data.messages[type][v]?.find((f) => f.name === name);
}

/** Codes a message of this type and version may carry in the field (its `values`), or undefined. */
export function fieldValues(
  type: MessageType,
  v: MessageVersion,
  name: string,
): readonly (string | boolean)[] | undefined {
  return fieldSpec(type, v, name)?.values;
}

function inVersion(entry: EnumEntry, v: MessageVersion | undefined): boolean {
  if (v === undefined) return true;
  if (entry.since !== undefined && compareVersions(v, entry.since) < 0) return false;
  return entry.until === undefined || compareVersions(v, entry.until) <= 0;
}

/** Full entries of a value list (ranges such as "80-99" included), optionally limited to one version. */
export function enumEntries(name: EnumName, v?: MessageVersion): readonly EnumEntry[] {
  return (data.enums[name] ?? []).filter((e) => inVersion(e, v));
}

/** Single codes of a value list (ranges left out), e.g. enumValues('transStatusReason', '2.2.0'). */
export function enumValues(name: EnumName, v?: MessageVersion): readonly string[] {
  return enumEntries(name, v)
    .filter((e) => !/^[0-9]+-[0-9]+(,|$)/.test(e.value))
    .map((e) => e.value);
}
