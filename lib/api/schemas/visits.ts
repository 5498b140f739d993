import * as z from 'zod';
import { DOMAINS, type Domain } from '../../domain/domains';
import { CONTACT_TYPES, INDICATOR_VALUES } from '../../domain/visits';
import { PrincipalIdSchema } from '../../auth/principal';
import { CheckpointSchema } from './checkpoints';
import { keyedBy } from '../../domain/keyed';
import { IsoDateSchema, TimestampSchema, UlidSchema, pageOf, textSchema } from './common';
import { FlagSchema } from './flags';
import { LatestLevelSchema, LevelSchema } from './levels';

export const ContactTypeSchema = /* @__PURE__ */ z.enum(CONTACT_TYPES).meta({ id: 'ContactType' });

/* @__NO_SIDE_EFFECTS__ */
const assessment = <S extends z.ZodRawShape>(indicators: S) =>
  z.strictObject({
    level: LevelSchema,
    indicators: z.strictObject(indicators).optional(),
    note: textSchema(1000).optional(),
  });

/** The same shape as `DomainIndicators` in the domain; `satisfies` keeps the two lists of domains in step. */
const assessmentByDomain = {
  education: assessment({
    enrolled: /* @__PURE__ */ z.boolean().optional().meta({ description: 'Enrolled in school or a course.' }),
    attending: /* @__PURE__ */ z.boolean().optional().meta({ description: 'Attending regularly.' }),
  }),
  housing: assessment({
    arrangement: /* @__PURE__ */ z.enum(INDICATOR_VALUES.housingArrangement).optional(),
    safe: /* @__PURE__ */ z.boolean().optional().meta({ description: 'The worker judges the placement safe.' }),
  }),
  health: assessment({
    needsMet: /* @__PURE__ */ z.boolean().optional().meta({ description: 'Health needs, including mental health, are met.' }),
    inTreatment: /* @__PURE__ */ z.boolean().optional(),
  }),
  vocational_training: assessment({ status: z.enum(INDICATOR_VALUES.vocationalStatus).optional() }),
} satisfies Record<Domain, z.ZodType>;

export const AssessmentsSchema = /* @__PURE__ */ z
  .strictObject({
    education: assessmentByDomain.education.optional(),
    housing: assessmentByDomain.housing.optional(),
    health: assessmentByDomain.health.optional(),
    vocational_training: assessmentByDomain.vocational_training.optional(),
  })
  .refine((a) => DOMAINS.some((domain) => a[domain] !== undefined), { message: 'assess at least one domain' })
  // The refinement, as the document can state it.
  .meta({ id: 'Assessments', description: 'A level per domain assessed at this visit (at least one), with its indicators.', minProperties: 1 });

export const ChildViewSchema = /* @__PURE__ */ z
  .strictObject({
    rating: z.number().int().min(1).max(5).optional().meta({ description: 'The child’s own rating: 1 very bad … 5 very good.' }),
    words: textSchema(2000).optional().meta({ description: 'What the child said, in their words.' }),
  })
  .refine((v) => v.rating !== undefined || v.words !== undefined, { message: 'record the child’s rating or words' })
  .meta({
    id: 'ChildView',
    description: 'The child’s own view, recorded at every visit: their rating, their words, or both.',
    // The refinement, as the document can state it.
    anyOf: [{ required: ['rating'] }, { required: ['words'] }],
  });

export const LogVisitSchema = /* @__PURE__ */ z
  .strictObject({
    visitedOn: IsoDateSchema.meta({ description: 'The day of the visit: not in the future, not before enrolment.' }),
    contactType: ContactTypeSchema,
    assessments: AssessmentsSchema,
    childView: ChildViewSchema,
    notes: textSchema(5000).optional(),
    checkpointId: UlidSchema.optional().meta({
      description:
        'The checkpoint this visit is for. Without it the earliest open checkpoint whose window holds ' +
        '`visitedOn` is fulfilled, or none (an ad-hoc visit).',
    }),
  })
  .meta({
    id: 'LogVisit',
    // Without `checkpointId`: the visit fulfils the checkpoint whose window holds its date, whatever the child's ids.
    example: {
      visitedOn: '2026-03-02',
      contactType: 'home',
      assessments: { housing: { level: 'at_risk', indicators: { arrangement: 'family', safe: true } } },
      childView: { rating: 3, words: 'I miss my friends.' },
      notes: 'Family under financial pressure.',
    },
  });

export const IdempotencyHeadersSchema = /* @__PURE__ */ z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces, e.g. a UUID')
    .optional()
    .meta({ description: 'Send the same key again to retry safely: the first answer comes back, nothing is written twice.' }),
});

export const VisitSchema = /* @__PURE__ */ z
  .object({
    visitId: UlidSchema,
    childId: UlidSchema,
    checkpointId: UlidSchema.optional().meta({ description: 'The checkpoint the visit fulfilled.' }),
    visitedOn: IsoDateSchema,
    contactType: ContactTypeSchema,
    assessments: AssessmentsSchema,
    childView: ChildViewSchema,
    notes: z.string().optional(),
    recordedBy: PrincipalIdSchema,
    recordedAt: TimestampSchema,
  })
  .meta({ id: 'Visit' });

export const LoggedVisitSchema = /* @__PURE__ */ z
  .object({
    visit: VisitSchema,
    checkpoint: CheckpointSchema.nullable().meta({ description: 'The checkpoint fulfilled, as it is now; null for an ad-hoc visit.' }),
    raisedFlags: z.array(FlagSchema).meta({ description: 'Regression flags this visit raised.' }),
    updatedFlags: z
      .array(FlagSchema)
      .meta({ description: 'Flags this visit changed: a missed-visit flag resolved, a later visit re-judged.' }),
  })
  .meta({ id: 'LoggedVisit' });

export const VisitsSchema = /* @__PURE__ */ pageOf(VisitSchema).meta({ id: 'Visits' });

const TimelinePointSchema = /* @__PURE__ */ z.object({
  level: LevelSchema,
  assessedOn: IsoDateSchema,
  source: z.enum(['baseline', 'visit']),
  visitId: UlidSchema.optional(),
});

export const TimelineSchema = /* @__PURE__ */ z
  .object({
    childId: UlidSchema,
    domains: z.strictObject(keyedBy(DOMAINS, () => z.object({ latest: LatestLevelSchema, series: z.array(TimelinePointSchema) }))),
  })
  .meta({ id: 'Timeline', description: 'Per domain, every assessment from the baseline on, by date.' });
