import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../../domain/audit';
import { keys } from '../keys';
import type { RecordsTable } from '../db';

/**
 * One read or write of a child's data. Written only with a condition that it is new, never updated or deleted; the
 * one exception, a read attempt becoming its refusal, is a conditional put too (lib/data/audit.ts `recordRefusal`).
 */
export const auditEntity = (table: RecordsTable) =>
  new Entity({
    name: 'AuditRecord',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      entryId: string().key(),
      at: string(),
      requestId: string(),
      action: string().enum(...AUDIT_ACTIONS),
      by: string(),
      role: string(),
      reason: string().optional(),
      outcome: string().enum(...AUDIT_OUTCOMES).optional(),
      /** Epoch seconds; set only on an attempt at a child that does not exist, which DynamoDB's TTL then deletes. */
      expiresAt: number().optional(),
    }),
    computeKey: ({ childId, entryId }) => keys.audit(childId, entryId),
  });
