import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { string } from 'dynamodb-toolbox/schema/string';
import { keys } from '../keys';
import type { RecordsTable } from '../db';

/**
 * A municipality the programme works in: reference data kept by the admin. A child may live only in one of them
 * (enrolment and transfer check the item inside their transaction), and flags are routed to it.
 */
export const municipalityEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Municipality',
    table,
    timestamps: false,
    schema: item({ municipalityId: string().key(), name: string() }),
    computeKey: ({ municipalityId }) => keys.municipality(municipalityId),
  });
