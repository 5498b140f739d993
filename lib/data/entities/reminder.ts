import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { keys } from '../keys';
import type { RecordsTable } from '../db';

/**
 * A case worker's reminder for one night, written once by the sweep; the table's stream turns its insertion into a
 * `VisitsDue` event (lib/events/flag-events.ts), and its time to live clears it after a month.
 */
export const visitsDueReminderEntity = (table: RecordsTable) =>
  new Entity({
    name: 'VisitsDueReminder',
    table,
    timestamps: false,
    schema: item({
      caseWorkerId: string().key(),
      day: string().key(),
      organisationId: string(),
      dueSoon: number(),
      overdue: number(),
      expiresAt: number(),
    }),
    computeKey: ({ caseWorkerId, day }) => keys.visitsDueReminder(caseWorkerId, day),
  });
