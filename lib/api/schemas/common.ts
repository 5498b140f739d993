import * as z from 'zod';
import type {} from 'zod-openapi';

export const UlidSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID')
  .meta({ description: 'A ULID (26 characters, Crockford base 32).', example: '01JD3M6Q7Z8X9Y0A1B2C3D4E5F' });

export const IsoDateSchema = /* @__PURE__ */ z.iso.date('must be a date YYYY-MM-DD').meta({ example: '2026-03-31' });
export const TimestampSchema = /* @__PURE__ */ z.iso.datetime({ offset: false }).meta({ example: '2026-03-31T09:15:00.000Z' });

/**
 * Code points that show nothing on their own: format characters (zero-width space, joiners, BOM, soft hyphen,
 * bidirectional marks, tags), the default-ignorable fillers (Hangul fillers, variation selectors), whitespace,
 * controls, and the blank Braille pattern that renders as a space. They are kept in the text (a joiner belongs
 * in an emoji or a Persian word), but a text made of them says nothing.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Cc}\u2800]/gu;

/** How many characters of a text a reader sees: code points, without the invisible ones. */
export const visibleLength = (text: string): number => [...text.replace(INVISIBLE, '')].length;

/**
 * A lone UTF-16 surrogate is not a character: JSON lets `"\ud800"` through, but it cannot be stored as UTF-8 or
 * shown, and tools downstream (DynamoDB, the export, logs) replace or reject it differently.
 */
export const hasLoneSurrogate = (text: string): boolean => /\p{Cs}/u.test(text);

const WELL_FORMED = { message: 'must not contain a lone UTF-16 surrogate (invalid Unicode)', abort: true } as const;

/**
 * Free text a person typed: trimmed, bounded, well-formed Unicode, and at least `min` visible characters (default
 * 1: never blank). Invisible characters do not count, so a reason of 25 zero-width spaces is no reason. `max`
 * counts UTF-16 units, as storage does. Every free-text field of a request goes through here; other request
 * strings are codes, ids or dates whose ASCII patterns refuse lone surrogates as well
 * (test/lib/api/request-strings.test.ts walks them all).
 */
/* @__NO_SIDE_EFFECTS__ */
export const textSchema = (max: number, min: { length: number; message: string } = { length: 1, message: 'must not be blank' }) =>
  z
    .string()
    .trim()
    .refine((text) => !hasLoneSurrogate(text), WELL_FORMED)
    .max(max)
    // The raw minimum is implied by the visible one; it stays for the OpenAPI document (`minLength`).
    .min(min.length, min.message)
    .refine((text) => visibleLength(text) >= min.length, { message: min.message, when: (payload) => payload.issues.length === 0 });

export const PageQuerySchema = /* @__PURE__ */ z.strictObject({
  limit: z
    // A query value is text: only decimal digits make a number here. z.coerce would take `1e2`, `0x64` or ` 100`
    // for 100, and an empty value for 0; they are refused with the rest of the bad input.
    .preprocess(
      (value) => (typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value),
      z.number({ error: 'must be a whole number' }).int().min(1).max(100),
    )
    .optional()
    .meta({ description: 'Page size (default 25, at most 100).' }),
  cursor: z
    .string()
    .max(2048)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page')
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page.' }),
});

/* @__NO_SIDE_EFFECTS__ */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  });

export const ProblemSchema = /* @__PURE__ */ z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });
