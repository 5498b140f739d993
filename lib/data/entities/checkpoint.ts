import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { string } from 'dynamodb-toolbox/schema/string';
import { DOMAINS } from '../../domain/domains';
import { CHECKPOINT_STATUSES } from '../../domain/schedule';
import { keys } from '../keys';
import type { RecordsTable } from '../db';
import { indexKey } from './attributes';

export const checkpointEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Checkpoint',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      checkpointId: string().key(),
      dueOn: string(),
      windowOpensOn: string(),
      graceEndsOn: string(),
      domains: list(string().enum(...DOMAINS)),
      status: string().enum(...CHECKPOINT_STATUSES),
      visitId: string().optional(),
      cancellation: map({ reason: string(), at: string(), by: string() }).optional(),
      rescheduling: map({ fromDueOn: string(), reason: string(), at: string(), by: string() }).optional(),
      // Copied from the child so the agenda is one index query; kept in step on transfer.
      caseCode: string(),
      caseWorkerId: string(),
      organisationId: string(),
      createdAt: string(),
      updatedAt: string(),
      lsi1sk: indexKey(),
      gsi1pk: indexKey(),
      gsi1sk: indexKey(),
      gsi2pk: indexKey(),
      gsi2sk: indexKey(),
      gsi3pk: indexKey(),
      gsi3sk: indexKey(),
    }),
    computeKey: ({ childId, checkpointId }) => keys.checkpoint(childId, checkpointId),
  });

export type CheckpointEntity = ReturnType<typeof checkpointEntity>;
