import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { keys } from '../keys';
import type { RecordsTable } from '../db';

/**
 * Break-the-glass: a supervisor's time-limited access to a child outside their organisation, with the reason
 * they gave. DynamoDB's TTL removes it after `expiresAt`; access checks compare with the clock before that.
 */
export const emergencyGrantEntity = (table: RecordsTable) =>
  new Entity({
    name: 'EmergencyGrant',
    table,
    timestamps: false,
    schema: item({
      supervisorId: string().key(),
      childId: string().key(),
      grantId: string(),
      supervisorOrganisationId: string(),
      childOrganisationId: string(),
      reason: string(),
      grantedAt: string(),
      /** Epoch seconds. */
      expiresAt: number(),
    }),
    computeKey: ({ supervisorId, childId }) => keys.emergencyGrant(supervisorId, childId),
  });
