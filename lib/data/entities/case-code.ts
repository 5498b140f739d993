import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { string } from 'dynamodb-toolbox/schema/string';
import { keys } from '../keys';
import type { RecordsTable } from '../db';

/** Holds a case code so that two children can never share one (a conditional put in the enrolment). */
export const caseCodeEntity = (table: RecordsTable) =>
  new Entity({
    name: 'CaseCode',
    table,
    timestamps: false,
    schema: item({ caseCode: string().key(), childId: string() }),
    computeKey: ({ caseCode }) => keys.caseCode(caseCode),
  });
