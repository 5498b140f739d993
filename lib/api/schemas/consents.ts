import * as z from 'zod';
import { CONSENT_GIVERS, CONSENT_SCOPES } from '../../domain/consent';
import { IsoDateSchema, TimestampSchema, UlidSchema, textSchema } from './common';

export const ConsentScopeSchema = /* @__PURE__ */ z.enum(CONSENT_SCOPES).meta({
  id: 'ConsentScope',
  description: 'municipal_sharing: the municipality may see the case summary; referral: services outside the organisation; research: evaluation beyond the programme’s own figures.',
});

export const RecordConsentSchema = /* @__PURE__ */ z
  .strictObject({
    scope: ConsentScopeSchema,
    givenBy: z.enum(CONSENT_GIVERS).meta({ description: 'Who gave it: the child, or their guardian.' }),
    givenOn: IsoDateSchema.meta({ description: 'The day it was given; not in the future.' }),
  })
  .meta({ id: 'RecordConsent' });

export const WithdrawConsentSchema = /* @__PURE__ */ z
  .strictObject({ reason: textSchema(1000).optional().meta({ description: 'Why, where the child or guardian said.' }) })
  .meta({ id: 'WithdrawConsent' });

export const ConsentPathSchema = /* @__PURE__ */ z.strictObject({ childId: UlidSchema, consentId: UlidSchema });

export const ConsentSchema = /* @__PURE__ */ z
  .object({
    consentId: UlidSchema,
    childId: UlidSchema,
    scope: ConsentScopeSchema,
    givenBy: z.enum(CONSENT_GIVERS),
    givenOn: IsoDateSchema,
    recordedBy: z.string(),
    recordedRole: z.string(),
    recordedAt: TimestampSchema,
    withdrawal: z
      .object({ by: z.string(), role: z.string(), at: TimestampSchema, reason: z.string().optional() })
      .optional()
      .meta({ description: 'From this instant the consent no longer applies; what was done under it stays.' }),
  })
  .meta({ id: 'Consent' });

export const ConsentsSchema = /* @__PURE__ */ z.object({ items: z.array(ConsentSchema) }).meta({ id: 'Consents' });
