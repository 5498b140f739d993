import * as z from 'zod';
import type {} from 'zod-openapi';

export const UlidSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID')
  .meta({ description: 'A ULID (26 characters, Crockford base 32).', example: '01JD3M6Q7Z8X9Y0A1B2C3D4E5F' });

export const IsoDateSchema = z.iso.date('must be a date YYYY-MM-DD').meta({ example: '2026-03-31' });
export const TimestampSchema = z.iso.datetime({ offset: false }).meta({ example: '2026-03-31T09:15:00.000Z' });

/** Free text a person typed: trimmed, bounded, never empty. */
export const textSchema = (max: number) => z.string().trim().min(1).max(max);

export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional().meta({ description: 'Page size (default 25, at most 100).' }),
  cursor: z
    .string()
    .max(2048)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page')
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page.' }),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });
