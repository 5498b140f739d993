import * as z from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit';
import { TimestampSchema, UlidSchema, pageOf } from './common';

export const AuditRecordSchema = z
  .object({
    entryId: UlidSchema,
    childId: UlidSchema,
    action: z.enum(AUDIT_ACTIONS),
    by: z.string().meta({ description: 'The caller’s id, or `system` for the sweep.' }),
    role: z.string(),
    requestId: z.string(),
    at: TimestampSchema,
    reason: z.string().optional().meta({ description: 'The reason given for emergency access.' }),
  })
  .meta({ id: 'AuditRecord' });

export const AuditTrailSchema = pageOf(AuditRecordSchema).meta({ id: 'AuditTrail' });
