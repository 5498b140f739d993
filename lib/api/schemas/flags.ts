import { z } from 'zod';
import { DOMAINS } from '../../domain/domains';
import { FLAG_STATUSES, FLAG_TYPES, SEVERITIES } from '../../domain/flags';
import { MunicipalityIdSchema, OrganisationIdSchema, PrincipalIdSchema } from '../../auth/principal';
import { IsoDateSchema, TimestampSchema, UlidSchema } from './common';
import { LevelSchema } from './levels';

export const FlagTypeSchema = z.enum(FLAG_TYPES).meta({ id: 'FlagType' });
export const SeveritySchema = z.enum(SEVERITIES).meta({ id: 'Severity' });
export const FlagStatusSchema = z.enum(FLAG_STATUSES).meta({ id: 'FlagStatus' });

const ActorSchema = {
  by: z.union([PrincipalIdSchema, z.literal('system')]),
  role: z.string().meta({ description: 'The role of the person, or `system` for a rule applied automatically.' }),
};

export const FlagSchema = z
  .object({
    flagId: UlidSchema,
    childId: UlidSchema,
    caseCode: z.string(),
    municipalityId: MunicipalityIdSchema,
    organisationId: OrganisationIdSchema,
    caseWorkerId: PrincipalIdSchema,
    type: FlagTypeSchema,
    domain: z.enum(DOMAINS).optional().meta({ description: 'Regression flags only.' }),
    severity: SeveritySchema,
    status: FlagStatusSchema,
    raisedAt: TimestampSchema,
    evidence: z.object({
      checkpointId: UlidSchema.optional(),
      dueOn: IsoDateSchema.optional(),
      visitId: UlidSchema.optional(),
      visitedOn: IsoDateSchema.optional(),
      fromLevel: LevelSchema.optional(),
      toLevel: LevelSchema.optional(),
      fromVisitId: UlidSchema.optional().meta({ description: 'Absent when the level fell from the baseline.' }),
      fromAssessedOn: IsoDateSchema.optional(),
    }),
    history: z.array(
      z.object({
        action: z.enum(['raised', 'acknowledged', 'resolved', 'escalated', 'rejudged']),
        at: TimestampSchema,
        ...ActorSchema,
        note: z.string().optional(),
      }),
    ),
    escalatedAt: TimestampSchema.optional(),
    resolution: z
      .object({ note: z.string(), actionTaken: z.string().optional(), at: TimestampSchema, ...ActorSchema, automatic: z.boolean() })
      .optional(),
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Flag' });
