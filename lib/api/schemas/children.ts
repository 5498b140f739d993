import { CLOSURE_OUTCOMES, SEXES } from '../../domain/case';
import * as z from 'zod';
import { RISK_LEVELS } from '../../domain/schedule';
import { MunicipalityIdSchema, OrganisationIdSchema, PrincipalIdSchema } from '../../auth/principal';
import { IsoDateSchema, PageQuerySchema, TimestampSchema, UlidSchema, pageOf, textSchema } from './common';
import { CheckpointSchema } from './checkpoints';
import { FlagSchema } from './flags';
import { BaselineSchema, LatestLevelSchema, byDomain } from './levels';

export const RiskLevelSchema = /* @__PURE__ */ z.enum(RISK_LEVELS).meta({ id: 'RiskLevel' });
export const SexSchema = /* @__PURE__ */ z.enum(SEXES).meta({ id: 'Sex' });
export const ChildStatusSchema = /* @__PURE__ */ z.enum(['active', 'closed']).meta({ id: 'ChildStatus' });

/**
 * Checked as sent, then upper-cased: a space before or after is refused like any character the pattern forbids,
 * rather than trimmed away, so the pattern the document shows is exactly what is accepted.
 */
export const CaseCodeSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,31}$/, '3 to 32 letters, digits and hyphens, starting with a letter or digit')
  .toUpperCase()
  .meta({
    description: 'Human-readable case reference, unique, never containing a name; stored in upper case.',
    example: 'SK-2026-0042',
  });

const NameSchema = /* @__PURE__ */ textSchema(100);

export const EnrolChildSchema = /* @__PURE__ */ z
  .strictObject({
    caseCode: CaseCodeSchema,
    givenName: NameSchema,
    familyName: NameSchema,
    birthDate: IsoDateSchema,
    sex: SexSchema,
    municipalityId: MunicipalityIdSchema,
    caseWorkerId: PrincipalIdSchema.optional().meta({
      description: 'Defaults to the caller. A social worker can only enrol onto their own caseload.',
    }),
    riskLevel: RiskLevelSchema,
    enrolledOn: IsoDateSchema.meta({ description: 'May be in the past (back-entry), never in the future.' }),
    baseline: BaselineSchema,
  })
  .meta({
    id: 'EnrolChild',
    // Without `caseWorkerId`: the child joins the caller's caseload, which is what a social worker may do.
    example: {
      caseCode: 'SK-2026-0001',
      givenName: 'Ana',
      familyName: 'Petrova',
      birthDate: '2012-05-01',
      sex: 'female',
      municipalityId: 'skopje',
      riskLevel: 'medium',
      enrolledOn: '2026-01-31',
      baseline: { education: 'at_risk', housing: 'stable', health: 'stable', vocational_training: 'critical' },
    },
  });
export type EnrolChildInput = z.output<typeof EnrolChildSchema>;

export const ClosureReasonSchema = /* @__PURE__ */ z
  .enum(['reintegrated', 'moved_abroad', 'left_programme', 'declined_follow_up', 'lost_to_follow_up', 'deceased', 'other'])
  .meta({ id: 'ClosureReason' });
export const ClosureOutcomeSchema = /* @__PURE__ */ z
  .enum(CLOSURE_OUTCOMES)
  .meta({ id: 'ClosureOutcome' });

export const ClosureSchema = /* @__PURE__ */ z.object({
  reason: ClosureReasonSchema,
  outcome: ClosureOutcomeSchema,
  note: z.string().optional(),
  closedOn: IsoDateSchema,
  closedBy: PrincipalIdSchema,
  closedAt: TimestampSchema,
});

export const ReopeningSchema = /* @__PURE__ */ z.object({
  reason: z.string(),
  reopenedOn: IsoDateSchema,
  reopenedBy: PrincipalIdSchema,
  reopenedAt: TimestampSchema,
  closure: ClosureSchema.meta({ description: 'The closure this reopening ended.' }),
});

export const ChildSchema = /* @__PURE__ */ z
  .object({
    childId: UlidSchema,
    caseCode: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    birthDate: IsoDateSchema,
    sex: SexSchema,
    municipalityId: MunicipalityIdSchema,
    organisationId: OrganisationIdSchema,
    caseWorkerId: PrincipalIdSchema,
    riskLevel: RiskLevelSchema,
    enrolledOn: IsoDateSchema,
    baseline: BaselineSchema,
    latestLevels: byDomain(LatestLevelSchema),
    status: ChildStatusSchema,
    closure: ClosureSchema.optional(),
    reopenings: z.array(ReopeningSchema).optional().meta({ description: 'Every reopening, oldest first; the latest starts the schedule now followed.' }),
    municipalSharingWithdrawn: z
      .boolean()
      .optional()
      .meta({ description: 'Municipal sharing was withdrawn and not given again: officers see this child’s flags and referrals without the child summary.' }),
    version: z.number().int().positive().meta({ description: 'Send it back on PATCH; a stale one gives 409.' }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Child' });
export type Child = z.output<typeof ChildSchema>;

export const ChildDetailSchema = /* @__PURE__ */ ChildSchema.extend({
  openFlags: z.array(FlagSchema).meta({ description: 'Flags not yet resolved (open or acknowledged), newest first.' }),
}).meta({ id: 'ChildDetail' });

export const ChildSummarySchema = /* @__PURE__ */ ChildSchema.pick({
  childId: true,
  caseCode: true,
  givenName: true,
  familyName: true,
  birthDate: true,
  municipalityId: true,
  caseWorkerId: true,
  riskLevel: true,
  enrolledOn: true,
  status: true,
}).meta({ id: 'ChildSummary' });

export const EnrolmentSchema = /* @__PURE__ */ z
  .object({ child: ChildSchema, checkpoints: z.array(CheckpointSchema) })
  .meta({ id: 'Enrolment' });

export const ChildPathSchema = /* @__PURE__ */ z.strictObject({ childId: UlidSchema });

export const CaseloadQuerySchema = /* @__PURE__ */ PageQuerySchema.extend({
  status: ChildStatusSchema.default('active').meta({ description: 'Active cases (default) or closed ones.' }),
});

export const CaseloadSchema = /* @__PURE__ */ pageOf(ChildSummarySchema).meta({ id: 'Caseload' });

/** What a PATCH of a child can change: it must name at least one. */
const CASE_CHANGES = ['riskLevel', 'caseWorkerId', 'municipalityId'] as const;

export const UpdateChildSchema = /* @__PURE__ */ z
  .strictObject({
    version: z.number().int().positive().meta({ description: 'The version you read; a stale one gives 409.' }),
    riskLevel: RiskLevelSchema.optional().meta({ description: 'Regenerates the future scheduled checkpoints.' }),
    caseWorkerId: PrincipalIdSchema.optional().meta({ description: 'Reassign the case (supervisors only).' }),
    municipalityId: MunicipalityIdSchema.optional().meta({ description: 'Transfer to another municipality.' }),
  })
  .refine((u) => CASE_CHANGES.some((field) => u[field] !== undefined), {
    message: `name at least one of ${CASE_CHANGES.join(', ')}`,
    path: [],
  })
  // The refinement, as the document can state it.
  .meta({
    id: 'UpdateChild',
    anyOf: /* @__PURE__ */ CASE_CHANGES.map((field) => ({ required: [field] })),
    // A change any case manager may make: reassigning the case worker is for supervisors.
    example: { version: 2, riskLevel: 'high' },
  });
export type UpdateChildInput = z.output<typeof UpdateChildSchema>;

export const CloseChildSchema = /* @__PURE__ */ z
  .strictObject({
    reason: ClosureReasonSchema,
    outcome: ClosureOutcomeSchema,
    note: textSchema(2000).optional(),
    closedOn: IsoDateSchema.optional().meta({ description: 'Defaults to today; never in the future or before enrolment.' }),
  })
  .meta({ id: 'CloseChild' });
export type CloseChildInput = z.output<typeof CloseChildSchema>;

export const ReopenChildSchema = /* @__PURE__ */ z
  .strictObject({ reason: textSchema(1000).meta({ description: 'Why follow-up starts again, e.g. a relapse; kept with the case.' }) })
  .meta({ id: 'ReopenChild' });

export const EmergencyAccessRequestSchema = /* @__PURE__ */ z
  .strictObject({
    reason: textSchema(1000, { length: 20, message: 'say why, in at least 20 characters: the reason is reviewed' })
      .meta({ description: 'Why this child’s record must be opened now; kept in the audit trail and reviewed.' }),
  })
  .meta({ id: 'EmergencyAccessRequest' });

export const EmergencyAccessSchema = /* @__PURE__ */ z
  .object({
    grantId: UlidSchema,
    childId: UlidSchema,
    supervisorId: PrincipalIdSchema,
    reason: z.string(),
    grantedAt: TimestampSchema,
    expiresAt: TimestampSchema,
  })
  .meta({ id: 'EmergencyAccess' });
