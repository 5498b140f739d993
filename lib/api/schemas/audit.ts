import * as z from 'zod';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../../domain/audit';
import { TimestampSchema, UlidSchema, pageOf } from './common';

export const AuditRecordSchema = /* @__PURE__ */ z
  .object({
    entryId: UlidSchema,
    childId: UlidSchema,
    action: z.enum(AUDIT_ACTIONS),
    by: z.string().meta({ description: 'The caller’s id, or `system` for the sweep.' }),
    role: z.string(),
    requestId: z.string(),
    at: TimestampSchema,
    reason: z.string().optional().meta({ description: 'The reason given for emergency access.' }),
    outcome: z
      .enum(AUDIT_OUTCOMES)
      .optional()
      .meta({ description: '`refused`: the caller was out of scope and got 404; `replayed`: an idempotent retry answered from the first attempt.' }),
  })
  .meta({ id: 'AuditRecord' });

export const AuditTrailSchema = /* @__PURE__ */ pageOf(AuditRecordSchema).meta({ id: 'AuditTrail' });
