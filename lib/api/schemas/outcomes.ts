import { CLOSURE_OUTCOMES } from '../../domain/case';
import * as z from 'zod';
import { MunicipalityIdSchema } from '../../auth/principal';
import { AGE_BANDS } from '../../domain/age-bands';
import { DOMAINS } from '../../domain/domains';
import { REPORTED_LEVELS } from '../../domain/outcomes';
import { SUPPRESSED } from '../../domain/disclosure/cell-key';
import { REFERRAL_SERVICES } from '../../domain/referrals';
import { RiskLevelSchema, SexSchema } from './children';
import { keyedBy } from '../../domain/keyed';
import { IsoDateSchema } from './common';

export const CohortSchema = /* @__PURE__ */ z
  .string()
  .regex(/^\d{4}(-Q[1-4])?$/, 'an enrolment year (2024) or quarter (2024-Q3)')
  .meta({ description: 'Enrolment cohort: a year `2024` or a quarter `2024-Q3`.', example: '2024-Q3' });

export const OutcomesQuerySchema = /* @__PURE__ */ z.strictObject({
  cohort: CohortSchema.optional(),
  municipalityId: MunicipalityIdSchema.optional(),
  riskLevel: RiskLevelSchema.optional(),
  sex: SexSchema.optional(),
  ageBand: z.enum(AGE_BANDS).optional().meta({ description: 'Age band at enrolment.' }),
  asOf: IsoDateSchema.optional().meta({
    description: 'Default today (live). A past day reads the figures the nightly sweep kept that day.',
  }),
});

const FigureSchema = /* @__PURE__ */ z
  .union([z.number(), z.literal(SUPPRESSED)])
  .meta({ id: 'Figure', description: 'A number, or "suppressed" when it rests on fewer than k children.' });

const FiguresSchema = /* @__PURE__ */ z.object({
  children: FigureSchema,
  domains: z.object(
    keyedBy(DOMAINS, () =>
        z.object({
          levels: z
            .object(keyedBy(REPORTED_LEVELS, () => FigureSchema))
            .meta({ description: 'Children at each level; a level assessed longer ago than OUTCOMES_FRESH_MONTHS counts as not_recently_assessed.' }),
          reintegratedShare: FigureSchema.meta({
            description: 'Share at a fresh stable or thriving level among the children the domain applies to; a child lost to follow-up never is.',
          }),
        }),
    ),
  ),
  reintegratedAllShare: FigureSchema.meta({
    description: 'Share reintegrated (fresh stable or thriving) in every domain that applies to them; a child lost to follow-up never is.',
  }),
  sustainedShare: FigureSchema.meta({
    description: 'Share reintegrated in all applicable domains now and at an assessment at least six months before the latest, with no regression flag between.',
  }),
  currentPlanShare: FigureSchema.meta({ description: 'Share of the children with a current reintegration plan: one whose review day has not passed.' }),
  planWithChildShare: FigureSchema.nullable().meta({
    description: 'Of the children with a current plan, the share whose plan was made with them taking part; null when no child has one.',
  }),
  visitCompliance: FigureSchema.meta({ description: 'Settled checkpoints visited in their window / settled checkpoints.' }),
  regressionRate: FigureSchema.meta({ description: 'Share of children below their baseline in at least one domain.' }),
  lostToFollowUp: FigureSchema.meta({ description: 'Children closed as lost to follow-up or with unresolved lost contact: in the denominators, never reintegrated.' }),
  exited: FigureSchema.meta({ description: 'Children closed as deceased or moved abroad: out of every denominator, counted apart.' }),
  closureOutcomes: z
    .object(keyedBy(CLOSURE_OUTCOMES, () => FigureSchema))
    .meta({ description: 'Closed cases still in the denominators, by the outcome recorded at closure.' }),
  medianDaysToResolve: FigureSchema.nullable().meta({ description: 'Median whole days from a flag raised to resolved; null with none.' }),
});

const ReferralFiguresSchema = /* @__PURE__ */ z.object({
  referrals: FigureSchema.meta({
    description: 'Referrals settled (delivered, not delivered, declined) or pending past their due day; cancelled ones are not counted.',
  }),
  deliveredInTimeShare: FigureSchema.nullable().meta({
    description: 'Of those referrals, the share delivered on or before their due day (dueBy); null when none is due.',
  }),
  delivered: FigureSchema.meta({ description: 'Referrals delivered, whenever: the population of the median.' }),
  medianDaysToDelivery: FigureSchema.nullable().meta({
    description: 'Median whole days from request to delivery, from a histogram of perturbed days; null with none delivered.',
  }),
});

const ReferralReportSchema = /* @__PURE__ */ z
  .object({
    figures: ReferralFiguresSchema.meta({
      description: 'Every referral of the answer’s children; with municipalityId, those counted for that municipality.',
    }),
    byMunicipalityAndService: z
      .array(ReferralFiguresSchema.extend({ municipalityId: MunicipalityIdSchema, service: z.enum(REFERRAL_SERVICES) }))
      .meta({
        description:
          'By the municipality a referral is counted for (the municipal service asked, else the child’s) and service: every known municipality × every service. Empty for an answer by sex or age band. Figures resting on fewer than k children are suppressed.',
      }),
  })
  .meta({ id: 'ReferralOutcomes' });

export const OutcomesSchema = /* @__PURE__ */ z
  .object({
    asOf: IsoDateSchema,
    filter: z.object({
      cohort: z.string().optional(),
      municipalityId: z.string().optional(),
      riskLevel: z.string().optional(),
      sex: z.string().optional(),
      ageBand: z.string().optional(),
    }),
    k: z.number().int().meta({ description: 'Counts below k, and figures derived from them, are suppressed.' }),
    maxNoise: z.number().int().meta({
      description: 'D: every shown count is the true one plus a noise of at most ±D, the same for the same children in any query (docs/disclosure-control.md).',
    }),
    figures: FiguresSchema,
    trajectory: z.array(
      z.object({
        monthsSinceEnrolment: z.number().int(),
        observed: FigureSchema.meta({ description: 'Children followed at least this many months.' }),
        reintegratedShare: z.object(keyedBy(DOMAINS, () => FigureSchema)),
      }),
    ),
    breakdown: z.array(FiguresSchema.extend({ municipalityId: MunicipalityIdSchema })),
    referrals: ReferralReportSchema,
    suppressed: z.array(z.string()).meta({ description: 'Which figures were suppressed; never their values.' }),
  })
  .meta({ id: 'Outcomes' });

/** Sex and age band are columns of every exported row, not filters: k-anonymity is decided on them. */
export const ExportQuerySchema = /* @__PURE__ */ OutcomesQuerySchema.omit({ asOf: true, sex: true, ageBand: true });
