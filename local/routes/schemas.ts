import * as z from 'zod';
import { TimestampSchema } from '../../lib/api/schemas/common';
import { MunicipalityIdSchema, OrganisationIdSchema, PrincipalIdSchema, ROLES } from '../../lib/auth/principal';
import { EmergencyAccessDetailSchema, EVENT_TYPES, FlagEventDetailSchema, ReferralEventDetailSchema, VisitsDueDetailSchema } from '../../lib/events/events';

/** What the local runtime's own routes take and answer (local/routes/table.ts). */

export const DevTokenRequestSchema = /* @__PURE__ */ z
  .strictObject({
    sub: PrincipalIdSchema,
    role: z.enum(ROLES),
    organisationId: OrganisationIdSchema.optional(),
    municipalityIds: z.array(MunicipalityIdSchema).max(50).optional(),
    expiresInSeconds: z.number().int().min(60).max(86_400).default(28_800),
  })
  .meta({ id: 'DevTokenRequest', example: { sub: 'worker-1', role: 'social_worker', organisationId: 'org-1' } });

export const DevTokenSchema = /* @__PURE__ */ z
  .object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: TimestampSchema })
  .meta({ id: 'DevToken' });

export const ClockRequestSchema = /* @__PURE__ */ z.strictObject({ now: z.iso.datetime({ offset: true }) }).meta({ id: 'SetClock' });
export const ClockSchema = /* @__PURE__ */ z
  .object({ now: TimestampSchema, adjusted: z.boolean().meta({ description: 'false when it follows real time.' }) })
  .meta({ id: 'Clock' });

export const OutboxSchema = /* @__PURE__ */ z
  .object({
    items: z.array(
      z.object({
        type: z.enum(EVENT_TYPES),
        id: z.string(),
        detail: z.union([FlagEventDetailSchema, ReferralEventDetailSchema, EmergencyAccessDetailSchema, VisitsDueDetailSchema]),
        deliveredAt: TimestampSchema,
      }),
    ),
  })
  .meta({ id: 'Outbox', description: 'Events delivered by the local runtime, newest first.' });
