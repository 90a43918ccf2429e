import { z } from 'zod';
import { IMPORT_BODY_LIMIT } from '../../app/http/limits.ts';
import { importLine } from './import/lines.ts';
import { MAX_BODY_BYTES } from './request.ts';
import {
  cardBody,
  cardRangeBody,
  cardRangeList,
  cardRangeView,
  cardView,
  errorBody,
  memberBody,
  memberDetail,
  memberView,
  phoneBody,
  statementBody,
  statementCreated,
} from './schemas.ts';

/** The subset of OpenAPI 3.1 this document uses. */
type JsonSchema = Record<string, unknown>;
interface MediaType {
  schema: JsonSchema;
}
interface ResponseObject {
  description: string;
  content?: Record<string, MediaType>;
}
interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description: string;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { required: true; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Partial<Record<'get' | 'put' | 'post' | 'delete', Operation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }>;
  };
}

// Mirrors the body api/cavv.ts validates (not exported there); keep the two in step.
const cavvVerifyInput = z.strictObject({
  pan: z.string().regex(/^\d{13,19}$/),
  cavv: z.string().min(1).max(64),
  eci: z.string().regex(/^\d{2}$/),
  acsTransID: z.uuid().optional(),
});
const cavvVerifyResult = z.object({
  valid: z.boolean(),
  reason: z.string().optional(),
  kind: z.string().optional(),
  acsTransID: z.string().optional(),
});

// Mirrors what import/routes.ts answers (ImportSummary); keep the two in step.
const importResult = z.object({
  importId: z.string(),
  status: z.enum(['running', 'completed', 'interrupted']),
  lines: z.number().int().meta({ description: 'lines of the input seen, including ones a resumed import skipped' }),
  committedLine: z.number().int().meta({ description: 'every line up to this one is applied or recorded as failed' }),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  errors: z
    .array(
      z.object({
        line: z.number().int(),
        field: z
          .string()
          .nullable()
          .meta({ examples: ['cards[0].pan'] }),
        code: z.string().meta({ examples: ['invalid_json', 'invalid_field', 'pan_out_of_range', 'conflict'] }),
        message: z.string(),
      }),
    )
    .meta({ description: 'the first 1,000 line errors; never the values' }),
  errorsTruncated: z.boolean(),
  interruption: z.string().optional(),
});

const registry = z.registry<{ id: string }>();
const named = {
  MemberInput: memberBody,
  CardInput: cardBody,
  PhoneInput: phoneBody,
  StatementInput: statementBody,
  CavvVerifyInput: cavvVerifyInput,
  ImportLine: importLine,
  ImportResult: importResult,
  Member: memberView,
  MemberDetail: memberDetail,
  Card: cardView,
  StatementCreated: statementCreated,
  CardRangeInput: cardRangeBody,
  CardRange: cardRangeView,
  CardRangeList: cardRangeList,
  CavvVerifyResult: cavvVerifyResult,
  Error: errorBody,
};
for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });

/** Generated from the same zod schemas the handlers validate with, so the document cannot drift from them. */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { io: 'input', uri: (id) => `#/components/schemas/${id}` });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema;
    out[id] = rest;
  }
  return out;
}

const ref = (id: keyof typeof named): JsonSchema => ({ $ref: `#/components/schemas/${id}` });
const json = (id: keyof typeof named) => ({ 'application/json': { schema: ref(id) } });
const body = (id: keyof typeof named) => ({ required: true as const, content: json(id) });
const ok = (description: string, id: keyof typeof named): ResponseObject => ({ description, content: json(id) });
const fail = (description: string): ResponseObject => ({ description, content: json('Error') });

const identifier = (name: 'enetId' | 'cardRef' | 'rangeId'): Parameter => ({
  name,
  in: 'path',
  required: true,
  description: `1–64 of A-Z a-z 0-9 _ -; otherwise 400 invalid_path_parameter with field "${name}"`,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
});

/** Errors every authenticated operation can answer with. */
const common: Record<string, ResponseObject> = {
  '400': fail('invalid_path_parameter, invalid_json or invalid_body (field names the first offending field)'),
  '401': fail('unauthorized: missing or unknown bearer token'),
  '403': fail('forbidden: the token lacks the scope'),
};
const withBody: Record<string, ResponseObject> = {
  ...common,
  '413': fail(`payload_too_large: the body exceeds ${MAX_BODY_BYTES} bytes`),
  '415': fail('unsupported_media_type: the body must be application/json'),
};
const issuer = [{ issuerToken: [] }];

export const openApiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'ninsho issuer API',
    version: '1.0.0',
    description:
      'The card issuer feeds members, cards, verified phones and statement notices to the ACS. Bodies are JSON; ' +
      'unknown fields are refused. PANs and phone numbers are returned masked only. Errors are 4xx ' +
      '{ code, message, field? }.',
  },
  paths: {
    '/api/v1/members/{enetId}': {
      get: {
        operationId: 'getMember',
        summary: 'Read a member with the masked phone and cards',
        security: issuer,
        parameters: [identifier('enetId')],
        responses: { '200': ok('the member', 'MemberDetail'), ...common, '404': fail('not_found') },
      },
      put: {
        operationId: 'putMember',
        summary: 'Create or update an e-net member (idempotent)',
        security: issuer,
        parameters: [identifier('enetId')],
        requestBody: body('MemberInput'),
        responses: {
          '200': ok('updated, or unchanged', 'Member'),
          '201': ok('created', 'Member'),
          ...withBody,
          '409': fail('conflict'),
        },
      },
      delete: {
        operationId: 'deleteMember',
        summary: 'The e-net account was deleted: deregisters the member (terms art. 8-1-2; idempotent)',
        security: issuer,
        parameters: [identifier('enetId')],
        responses: { '204': { description: 'deregistered' }, ...common, '404': fail('not_found') },
      },
    },
    '/api/v1/members/{enetId}/phone': {
      post: {
        operationId: 'provisionPhone',
        summary: 'Bind an issuer-verified Japanese mobile number (+81 70/80/90) and enroll the member',
        security: issuer,
        parameters: [identifier('enetId')],
        requestBody: body('PhoneInput'),
        responses: {
          '200': ok('this phone was already bound', 'Member'),
          '201': ok('bound and enrolled', 'Member'),
          ...withBody,
          '404': fail('not_found'),
          '409': fail('enrollment_refused: e.g. deregistered by the issuer (art. 8-1) or locked (art. 2-2)'),
        },
      },
    },
    '/api/v1/members/{enetId}/statements': {
      post: {
        operationId: 'recordStatementNotice',
        summary: 'A card statement was notified (terms art. 5-3-5)',
        security: issuer,
        parameters: [identifier('enetId')],
        requestBody: body('StatementInput'),
        responses: { '201': ok('recorded', 'StatementCreated'), ...withBody, '404': fail('not_found') },
      },
    },
    '/api/v1/cards/{cardRef}': {
      put: {
        operationId: 'putCard',
        summary: 'Create or update a card; closed = card membership lost (terms art. 8-1-1)',
        description: 'The member is deregistered (8-1-1) when no active card remains. The response masks the PAN.',
        security: issuer,
        parameters: [identifier('cardRef')],
        requestBody: body('CardInput'),
        responses: {
          '200': ok('updated, or unchanged', 'Card'),
          '201': ok('created', 'Card'),
          ...withBody,
          '404': fail('not_found: the member (field enetId)'),
          '409': fail('conflict: the PAN is registered under another cardRef (field pan)'),
          '422': fail('pan_out_of_range: the PAN is in no card range (field pan); closing a stored card is exempt'),
        },
      },
    },
    '/api/v1/card-ranges': {
      get: {
        operationId: 'listCardRanges',
        summary: 'The card ranges this ACS serves, bounds exactly as they were put',
        security: issuer,
        responses: { '200': ok('every range', 'CardRangeList'), ...common },
      },
    },
    '/api/v1/card-ranges/{rangeId}': {
      put: {
        operationId: 'putCardRange',
        summary: 'Create or update a card range (idempotent); every node serves the change within seconds',
        description:
          'Bounds are PANs of 13–19 digits, both of one length, start ≤ end. A PAN matches a range when, padded to ' +
          '19 digits with zeros, it lies between the start padded with 0 and the end padded with 9; two ranges ' +
          'whose padded intervals meet overlap, whatever their lengths.',
        security: issuer,
        parameters: [identifier('rangeId')],
        requestBody: body('CardRangeInput'),
        responses: {
          '200': ok('updated, or unchanged', 'CardRange'),
          '201': ok('created', 'CardRange'),
          ...withBody,
          '409': fail('range_overlap: the range overlaps another (field startRange; the message names it)'),
        },
      },
      delete: {
        operationId: 'deleteCardRange',
        summary: 'Remove a card range: AReqs for its PANs get Erro 305 within seconds on every node',
        security: issuer,
        parameters: [identifier('rangeId')],
        responses: { '204': { description: 'deleted' }, ...common, '404': fail('not_found') },
      },
    },
    '/api/v1/imports': {
      post: {
        operationId: 'importEnrolments',
        summary: 'Bulk enrolment: NDJSON, one ImportLine per line, streamed; resumable by importId',
        description:
          'Each line is applied all or nothing like the PUT/POST endpoints (member, cards, optional verified phone); ' +
          'a failed line is reported with its number and field and the rest continue. Lines are committed in ' +
          'batches with the import watermark: resending the same body with the same importId skips committed lines.',
        security: issuer,
        parameters: [
          {
            name: 'importId',
            in: 'query',
            required: false,
            description:
              'client-chosen id (1–64 of A-Z a-z 0-9 _ -), also accepted as header X-Import-ID; assigned when absent',
            schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
          },
        ],
        requestBody: {
          required: true,
          content: { 'application/x-ndjson': { schema: { ...ref('ImportLine'), description: 'one per line' } } },
        },
        responses: {
          '200': ok('every line read: imported, unchanged or reported', 'ImportResult'),
          ...common,
          '408': ok('request_timeout: no data for REQUEST_TIMEOUT_SECONDS; committed lines stay', 'ImportResult'),
          '409': fail('conflict: another run of this importId is committing lines'),
          '413': ok(
            `payload_too_large: over IMPORT_MAX_BYTES (at most ${IMPORT_BODY_LIMIT}); committed lines stay`,
            'ImportResult',
          ),
          '415': fail('unsupported_media_type: the body must be application/x-ndjson'),
        },
      },
    },
    '/api/v1/imports/{importId}': {
      get: {
        operationId: 'getImport',
        summary: "An import's progress and first line errors",
        security: issuer,
        parameters: [
          {
            name: 'importId',
            in: 'path',
            required: true,
            description: '1–64 of A-Z a-z 0-9 _ -',
            schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
          },
        ],
        responses: { '200': ok('the import', 'ImportResult'), ...common, '404': fail('not_found') },
      },
    },
    '/api/v1/cavv/verify': {
      post: {
        operationId: 'verifyCavv',
        summary: 'Authorization-time check of a CAVV (token scope cavv)',
        security: [{ issuerToken: ['cavv'] }],
        requestBody: body('CavvVerifyInput'),
        responses: { '200': ok('the verdict', 'CavvVerifyResult'), ...common },
      },
    },
  },
  components: {
    schemas: componentSchemas(),
    securitySchemes: {
      issuerToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'An issuer API token (ISSUER_API_TOKEN bootstraps one); scopes: issuer, cavv',
      },
    },
  },
};
