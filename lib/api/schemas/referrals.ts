import * as z from 'zod';
import { MunicipalityIdSchema, OrganisationIdSchema } from '../../auth/principal';
import { DOMAINS } from '../../domain/domains';
import { PROVIDER_KINDS, REFERRAL_ACTIONS, REFERRAL_SERVICES, REFERRAL_STATUSES } from '../../domain/referrals';
import { IsoDateSchema, PageQuerySchema, TimestampSchema, UlidSchema, pageOf, textSchema } from './common';
import { FlagChildSummarySchema } from './flags';

export const ReferralServiceSchema = /* @__PURE__ */ z.enum(REFERRAL_SERVICES).meta({ id: 'ReferralService' });
export const ProviderKindSchema = /* @__PURE__ */ z.enum(PROVIDER_KINDS).meta({ id: 'ProviderKind' });
export const ReferralStatusSchema = /* @__PURE__ */ z
  .enum(REFERRAL_STATUSES)
  .meta({ id: 'ReferralStatus', description: 'requested → accepted | declined → delivered | not_delivered; cancelled by the worker until settled.' });

const MonthSchema = /* @__PURE__ */ z.string().regex(/^\d{4}-\d{2}$/).meta({ description: 'A month, YYYY-MM.' });

export const RequestReferralSchema = /* @__PURE__ */ z
  .strictObject({
    domain: z.enum(DOMAINS).meta({ description: 'The domain of the child’s life the service is for.' }),
    service: ReferralServiceSchema,
    providerKind: ProviderKindSchema,
    municipalityId: MunicipalityIdSchema.optional().meta({
      description: 'A municipal service only: the municipality asked. Default: the one the child lives in.',
    }),
    inHouse: z.boolean().optional().meta({ description: 'A service of the child’s own organisation (not municipal): needs no consent.' }),
    dueBy: IsoDateSchema.meta({ description: 'The day by which the service should be delivered; today or later.' }),
    note: textSchema(2000).optional().meta({ description: 'For the case’s side; the provider does not read it.' }),
    flagId: UlidSchema.optional().meta({ description: 'The flag of this child the referral answers.' }),
    consentOverride: z
      .strictObject({ reason: textSchema(1000).meta({ description: 'Why the child’s data goes out without their consent; audited.' }) })
      .optional()
      .meta({ description: 'A supervisor only, where no referral consent is active.' }),
  })
  .meta({ id: 'RequestReferral' });

const ActorSchema = {
  by: z.string(),
  role: z.string(),
  municipalityId: /* @__PURE__ */ MunicipalityIdSchema.optional(),
};

export const ReferralSchema = /* @__PURE__ */ z
  .object({
    referralId: UlidSchema,
    childId: UlidSchema,
    municipalityId: MunicipalityIdSchema,
    childMunicipalityId: MunicipalityIdSchema.meta({ description: 'Where the child lived when referred.' }),
    domain: z.enum(DOMAINS),
    service: ReferralServiceSchema,
    providerKind: ProviderKindSchema,
    inHouse: z.boolean(),
    dueBy: IsoDateSchema,
    note: z.string().optional(),
    flagId: UlidSchema.optional(),
    status: ReferralStatusSchema,
    requestedOn: IsoDateSchema,
    requestedAt: TimestampSchema,
    basis: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('consent'), consentId: UlidSchema }),
        z.object({ kind: z.literal('override'), by: z.string(), role: z.string(), reason: z.string() }),
        z.object({ kind: z.literal('in_house') }),
      ])
      .meta({ description: 'What the referral rests on: the child’s referral consent, a supervisor’s override, or nothing leaving the organisation.' }),
    deliveredOn: IsoDateSchema.optional(),
    history: z.array(z.object({ action: z.enum(REFERRAL_ACTIONS), at: TimestampSchema, ...ActorSchema, reason: z.string().optional() })),
    overdueFlaggedAt: TimestampSchema.optional().meta({ description: 'When the sweep raised its referral_overdue flag.' }),
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Referral' });

export const ReferralsSchema = /* @__PURE__ */ z.object({ items: z.array(ReferralSchema) }).meta({ id: 'Referrals' });

/** lib/domain/referral-views.ts `officerReferralView`. */
export const OfficerReferralSchema = /* @__PURE__ */ z
  .object({
    referralId: UlidSchema,
    municipalityId: MunicipalityIdSchema,
    organisationId: OrganisationIdSchema.meta({ description: 'The organisation responsible for the case: the contact point.' }),
    domain: z.enum(DOMAINS),
    service: ReferralServiceSchema,
    status: ReferralStatusSchema,
    dueBy: IsoDateSchema,
    deliveredOn: IsoDateSchema.optional(),
    requestedIn: MonthSchema,
    history: z.array(
      z.object({ action: z.enum(REFERRAL_ACTIONS), in: MonthSchema, role: z.string(), reason: z.string().optional().meta({ description: 'Only this municipality’s own.' }) }),
    ),
    child: FlagChildSummarySchema.optional().meta({ description: 'Absent when the child or guardian withdrew municipal sharing.' }),
  })
  .strict()
  .meta({ id: 'OfficerReferral', description: 'A referral as the municipality asked sees it: no name, no staff id, no note of the case’s side.' });

export const ReferralViewSchema = /* @__PURE__ */ z.union([ReferralSchema, OfficerReferralSchema]).meta({ id: 'ReferralView' });

export const OfficerReferralsSchema = /* @__PURE__ */ pageOf(OfficerReferralSchema).meta({ id: 'OfficerReferrals' });

export const ReferralQuerySchema = /* @__PURE__ */ PageQuerySchema.extend({
  municipalityId: MunicipalityIdSchema.optional().meta({ description: 'Which of your municipalities; required when you serve several.' }),
  status: z.enum(['pending', 'settled']).optional().meta({ description: 'pending (default): requested or accepted; settled: the rest.' }),
});

export const ReferralPathSchema = /* @__PURE__ */ z.strictObject({ referralId: UlidSchema });

export const AcceptReferralSchema = /* @__PURE__ */ z.strictObject({}).meta({ id: 'AcceptReferral' });

export const ReasonSchema = /* @__PURE__ */ z.strictObject({ reason: textSchema(1000).meta({ description: 'Why; required.' }) }).meta({ id: 'ReferralReason' });

export const ReferralDeliverySchema = /* @__PURE__ */ z
  .strictObject({
    delivered: z.boolean().meta({ description: 'true: delivered on `deliveredOn`; false: not delivered, with a `reason`.' }),
    deliveredOn: IsoDateSchema.optional(),
    reason: textSchema(1000).optional(),
  })
  .meta({ id: 'ReferralDelivery' });
