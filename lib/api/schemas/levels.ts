import * as z from 'zod';
import { DOMAINS, LEVELS } from '../../domain/domains';
import { keyedBy } from '../../domain/keyed';
import { IsoDateSchema, UlidSchema } from './common';

export const LevelSchema = /* @__PURE__ */ z.enum(LEVELS).meta({
  id: 'Level',
  description: 'Ordinal: critical < at_risk < stable < thriving; or not_applicable where the domain does not apply to the child (no rank: never a fall, never reintegrated).',
});

/** An object with one member per domain, from the single list of domains. */
/* @__NO_SIDE_EFFECTS__ */
export const byDomain = <T extends z.ZodType>(value: T) => z.strictObject(keyedBy(DOMAINS, () => value));

export const BaselineSchema = /* @__PURE__ */ byDomain(LevelSchema).meta({ id: 'Baseline', description: 'A level per domain at enrolment.' });

export const LatestLevelSchema = /* @__PURE__ */ z.object({
  level: LevelSchema,
  assessedOn: IsoDateSchema,
  source: z.enum(['baseline', 'visit']),
  visitId: UlidSchema.optional(),
});
