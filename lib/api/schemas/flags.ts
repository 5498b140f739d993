import * as z from 'zod';
import { DOMAINS } from '../../domain/domains';
import { CONCERN_TYPES, FLAG_ACTIONS, FLAG_STATUSES, FLAG_TYPES, SEVERITIES } from '../../domain/flags';
import { MunicipalityIdSchema, OrganisationIdSchema, PrincipalIdSchema } from '../../auth/principal';
import { AGE_BANDS } from '../../domain/age-bands';
import { IsoDateSchema, PageQuerySchema, TimestampSchema, UlidSchema, pageOf, textSchema } from './common';
import { LevelSchema, byDomain } from './levels';

export const FlagTypeSchema = /* @__PURE__ */ z.enum(FLAG_TYPES).meta({ id: 'FlagType' });
export const ConcernTypeSchema = /* @__PURE__ */ z.enum(CONCERN_TYPES).meta({ id: 'ConcernType' });
export const SeveritySchema = /* @__PURE__ */ z.enum(SEVERITIES).meta({ id: 'Severity' });
export const FlagStatusSchema = /* @__PURE__ */ z.enum(FLAG_STATUSES).meta({ id: 'FlagStatus' });

const ActorSchema = {
  by: /* @__PURE__ */ z.union([PrincipalIdSchema, z.literal('system')]),
  role: /* @__PURE__ */ z.string().meta({ description: 'The role of the person, or `system` for a rule applied automatically.' }),
  municipalityId: /* @__PURE__ */ MunicipalityIdSchema.optional().meta({ description: 'For an officer: the municipality they acted for.' }),
};

export const FlagSchema = /* @__PURE__ */ z
  .object({
    flagId: UlidSchema,
    childId: UlidSchema,
    caseCode: z.string(),
    municipalityId: MunicipalityIdSchema,
    organisationId: OrganisationIdSchema,
    caseWorkerId: PrincipalIdSchema,
    type: FlagTypeSchema,
    concernType: ConcernTypeSchema.optional().meta({ description: 'Concern flags only: what the concern is about.' }),
    domain: z.enum(DOMAINS).optional().meta({ description: 'Regression and persistent_critical flags only.' }),
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
      referralId: UlidSchema.optional().meta({ description: 'referral_overdue flags: the referral past its due day (`dueOn`).' }),
    }),
    history: z.array(
      z.object({
        action: z.enum(FLAG_ACTIONS),
        at: TimestampSchema,
        ...ActorSchema,
        note: z.string().optional(),
      }),
    ),
    escalatedAt: TimestampSchema.optional(),
    resolution: z
      .object({
        note: z.string(),
        actionTaken: z.string().optional(),
        referralId: UlidSchema.optional().meta({ description: 'The referral that answered the flag.' }),
        at: TimestampSchema,
        ...ActorSchema,
        automatic: z.boolean(),
      })
      .optional(),
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Flag' });

export const FlagChildSummarySchema = /* @__PURE__ */ z
  .object({
    caseCode: z.string(),
    ageBand: z.enum(AGE_BANDS),
    latestLevels: byDomain(LevelSchema),
  })
  .meta({ id: 'FlagChildSummary', description: 'The minimal summary of a flagged child: no name, birth date, note or visit.' });

export const FlagWithChildSchema = /* @__PURE__ */ FlagSchema.extend({ child: FlagChildSummarySchema }).meta({ id: 'FlagWithChild' });

const MonthSchema = /* @__PURE__ */ z.string().regex(/^\d{4}-\d{2}$/).meta({ description: 'A month, YYYY-MM: officers see no day.' });

/** lib/domain/flag-views.ts `officerFlagView`: no staff id, no other user's words, no day, no record id but the flag's. */
export const OfficerFlagSchema = /* @__PURE__ */ z
  .object({
    flagId: UlidSchema,
    municipalityId: MunicipalityIdSchema,
    organisationId: OrganisationIdSchema.meta({ description: 'The organisation responsible for the case: the contact point.' }),
    type: FlagTypeSchema,
    concernType: ConcernTypeSchema.optional(),
    domain: z.enum(DOMAINS).optional(),
    severity: SeveritySchema,
    status: FlagStatusSchema,
    raisedIn: MonthSchema,
    escalatedIn: MonthSchema.optional(),
    evidence: z.object({
      fromLevel: LevelSchema.optional(),
      toLevel: LevelSchema.optional(),
      dueIn: MonthSchema.optional(),
      visitedIn: MonthSchema.optional(),
    }),
    history: z.array(
      z.object({
        action: z.enum(FLAG_ACTIONS),
        in: MonthSchema,
        role: z.string(),
        note: z.string().optional().meta({ description: 'Only a note of this municipality, or of a rule.' }),
      }),
    ),
    resolution: z
      .object({ in: MonthSchema, role: z.string(), automatic: z.boolean(), note: z.string().optional(), actionTaken: z.string().optional() })
      .optional(),
    child: FlagChildSummarySchema.optional().meta({ description: 'Absent when the child or guardian withdrew municipal sharing.' }),
  })
  .strict()
  .meta({ id: 'OfficerFlag', description: 'A flag as a municipal officer sees it.' });

/** A flag as the caller may see it: whole for the case's workers, the officer's view for a municipality. */
export const FlagViewSchema = /* @__PURE__ */ z.union([FlagWithChildSchema, OfficerFlagSchema]).meta({ id: 'FlagView' });

export const FlagsSchema = /* @__PURE__ */ pageOf(FlagViewSchema).meta({ id: 'Flags' });

export const FlagQuerySchema = /* @__PURE__ */ PageQuerySchema.extend({
  status: FlagStatusSchema.optional().meta({ description: 'Default: open and acknowledged.' }),
  type: FlagTypeSchema.optional(),
  severity: SeveritySchema.optional(),
  municipalityId: MunicipalityIdSchema.optional(),
});

export const FlagPathSchema = /* @__PURE__ */ z.strictObject({ flagId: UlidSchema });

export const AcknowledgeFlagSchema = /* @__PURE__ */ z
  .strictObject({ note: textSchema(2000).optional() })
  .meta({ id: 'AcknowledgeFlag' });

export const ResolveFlagSchema = /* @__PURE__ */ z
  .strictObject({
    note: textSchema(2000).meta({ description: 'What was found and done; required.' }),
    actionTaken: textSchema(500).optional().meta({ description: 'e.g. "school re-enrolment arranged".' }),
    referralId: UlidSchema.optional().meta({
      description: 'A regression or concern flag only: the referral of this child that answered it (GET /children/{childId}/referrals).',
    }),
  })
  .meta({ id: 'ResolveFlag' });

export const RaiseConcernSchema = /* @__PURE__ */ z
  .strictObject({
    type: ConcernTypeSchema,
    note: textSchema(2000).meta({ description: 'What was seen or heard; officers of other municipalities never read it.' }),
  })
  .meta({ id: 'RaiseConcern' });

export const SweepReportSchema = /* @__PURE__ */ z
  .object({
    checked: z.number().int().meta({ description: 'Due entries read from the sweep index.' }),
    missed: z.number().int(),
    flagsRaised: z.number().int(),
    escalated: z.number().int(),
    remindersSent: z.number().int().meta({ description: '`VisitsDue` reminders put tonight: one per case worker with visits due in 7 days or overdue.' }),
    outcomesRefreshed: z.number().int().meta({ description: 'Children counted again in the outcome figures because a level of theirs went stale today.' }),
    complete: z.boolean().meta({ description: 'false when time ran out; the next run continues.' }),
    consumedCapacity: z.number().meta({ description: 'DynamoDB capacity units the run consumed.' }),
    outcomeCellsKept: z.number().int().meta({ description: 'Outcome cells kept as yesterday’s closing figures, for `asOf`.' }),
  })
  .meta({ id: 'SweepReport' });
export type SweepReport = z.output<typeof SweepReportSchema>;
