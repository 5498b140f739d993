import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { item } from 'dynamodb-toolbox/schema/item';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { keys } from '../keys';
import type { RecordsTable } from '../db';

/**
 * The first answer to a request sent with an `Idempotency-Key`, written in the same transaction as the
 * request's own writes, so a stored answer exists exactly when the writes do.
 */
export const idempotencyEntity = (table: RecordsTable) =>
  new Entity({
    name: 'IdempotencyRecord',
    table,
    timestamps: false,
    schema: item({
      recordKey: string().key(),
      requestHash: string(),
      status: number(),
      // The response body was validated against the route's schema before it was stored.
      body: any(),
      createdAt: string(),
      /** Epoch seconds; DynamoDB's TTL deletes the record after it. */
      expiresAt: number(),
    }),
    computeKey: ({ recordKey }) => keys.idempotency(recordKey),
  });
