import * as z from 'zod';
import { DOMAINS, LEVELS, type Domain } from '../../domain/domains';
import { IsoDateSchema, UlidSchema } from './common';

export const LevelSchema = z.enum(LEVELS).meta({
  id: 'Level',
  description: 'Ordinal: critical < at_risk < stable < thriving; or not_applicable where the domain does not apply to the child (no rank: never a fall, never reintegrated).',
});

/** An object with one member per domain, from the single list of domains. */
export const byDomain = <T extends z.ZodType>(value: T) =>
  z.strictObject(Object.fromEntries(DOMAINS.map((d) => [d, value])) as Record<Domain, T>);

export const BaselineSchema = byDomain(LevelSchema).meta({ id: 'Baseline', description: 'A level per domain at enrolment.' });

export const LatestLevelSchema = z.object({
  level: LevelSchema,
  assessedOn: IsoDateSchema,
  source: z.enum(['baseline', 'visit']),
  visitId: UlidSchema.optional(),
});
