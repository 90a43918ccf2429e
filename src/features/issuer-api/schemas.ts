import { z } from 'zod';
import { luhnValid } from '../../infra/crypto/mask.ts';
import { normaliseJapaneseMobile } from '../enrollment/phones.ts';
import { rangeProblem } from './range-admin.ts';

/**
 * Request bodies of the issuer API (docs/interfaces.md). Every object is strict: an issuer's typo in a field name
 * (`stauts`) must be refused, not silently dropped, or the issuer believes a change was applied that was not.
 * Response shapes live here too so the OpenAPI document and the handlers' types come from one place.
 */

/**
 * Free text stored as sent: no control characters (PostgreSQL refuses NUL) and no lone surrogates (they would be
 * stored as U+FFFD, so an identical PUT would never compare equal and each repeat would write an audit row).
 */
const storedText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters or unpaired surrogates');

export const memberBody = z.strictObject({
  name: storedText(200).min(1).regex(/\S/, 'must not be blank'),
  // Deliberately lenient: older Japanese carrier addresses (`taro..yamada@docomo.ne.jp`) break RFC 5322
  // and still receive mail; the issuer's own records decide what is valid.
  email: storedText(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'),
  status: z.enum(['active', 'suspended']),
});

export const cardBody = z.strictObject({
  enetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 of A-Z a-z 0-9 _ -'),
  pan: z
    .string()
    .regex(/^\d{13,19}$/, 'must be 13 to 19 digits')
    .refine(luhnValid, 'fails the Luhn check'),
  expiry: z.string().regex(/^\d{2}(0[1-9]|1[0-2])$/, 'must be YYMM with a month of 01 to 12'),
  status: z.enum(['active', 'closed']),
});

export const phoneBody = z.strictObject({
  phone: z
    .string()
    .max(32)
    // terms art. 2-1: an SMS-capable phone; the service checks again, this names the field for the issuer.
    .refine((p) => normaliseJapaneseMobile(p) !== undefined, 'must be a Japanese mobile number (+81 70/80/90)')
    .meta({ examples: ['+819012345678'] }),
});

export const statementBody = z.strictObject({
  // terms art. 5-3-5: the 60-day report window runs from this date, so it must be a real calendar date.
  // The century bound also keeps out year 0000, which the regex admits and PostgreSQL's date type refuses.
  noticeDate: z.iso
    .date()
    .regex(/^20\d{2}-/, 'the year must be 2000 to 2099')
    .meta({ format: 'date', description: 'a real calendar date, YYYY-MM-DD' }),
  channel: z.enum(['email', 'post']),
});

const rangeBound = z
  .string()
  .regex(/^\d{13,19}$/, 'must be 13 to 19 digits')
  .meta({ examples: ['4111110000000000'] });

/** Both bounds of one length, start ≤ end (src/features/issuer-api/range-admin.ts `rangeProblem`). */
export const cardRangeBody = z
  .strictObject({ startRange: rangeBound, endRange: rangeBound })
  .superRefine((input, ctx) => {
    const problem = rangeProblem(input);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

export const cardRangeView = z.object({
  rangeId: z.string(),
  startRange: z.string(),
  endRange: z.string(),
  createdAt: z.string().meta({ format: 'date-time' }),
  updatedAt: z.string().meta({ format: 'date-time' }),
});

export const cardRangeList = z.object({ ranges: z.array(cardRangeView) });

const enrollment = z.enum(['not_enrolled', 'enrolled', 'locked', 'restricted', 'deregistered']);
const maskedPan = z
  .string()
  .meta({ description: 'masked: first six and last four digits', examples: ['411111******1111'] });

export const memberView = z.object({
  enetId: z.string(),
  name: z.string(),
  email: z.string(),
  status: z.enum(['active', 'suspended']),
  enrollment,
  enrollmentReason: z
    .string()
    .nullable()
    .meta({ description: 'terms art. 8-1 reason (8-1-1 … 8-1-5), member_request or lost_stolen' }),
});

export const cardView = z.object({
  cardRef: z.string(),
  enetId: z.string(),
  pan: maskedPan,
  expiry: z.string(),
  status: z.enum(['active', 'closed']),
});

export const memberDetail = memberView.extend({
  phone: z
    .string()
    .nullable()
    .meta({ description: 'masked', examples: ['090-****-5678'] }),
  cards: z.array(cardView),
});

export const statementCreated = z.object({ id: z.string() });

export const errorBody = z.object({
  code: z.string().meta({ examples: ['invalid_body', 'not_found', 'unauthorized'] }),
  message: z.string(),
  field: z.string().optional().meta({ description: 'dotted path of the offending field or path parameter' }),
});

export type MemberViewBody = z.output<typeof memberView>;
export type MemberDetailBody = z.output<typeof memberDetail>;
export type CardViewBody = z.output<typeof cardView>;
export type CardRangeViewBody = z.output<typeof cardRangeView>;
export type CardRangeListBody = z.output<typeof cardRangeList>;
