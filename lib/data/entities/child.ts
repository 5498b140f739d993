import { Entity } from 'dynamodb-toolbox/entity';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { SEXES } from '../../domain/case';
import { RISK_LEVELS } from '../../domain/schedule';
import { keys } from '../keys';
import type { RecordsTable } from '../db';
import { byDomain, indexKey, levelAttribute } from './attributes';

const closureAttribute = () =>
  map({
    reason: string(),
    outcome: string(),
    note: string().optional(),
    closedOn: string(),
    closedBy: string(),
    closedAt: string(),
  });

export const CHILD_STATUSES = ['active', 'closed'] as const;

export const childEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Child',
    table,
    // createdAt/updatedAt come from the injected clock, not from the library's wall-clock timestamps.
    timestamps: false,
    schema: item({
      childId: string().key(),
      caseCode: string(),
      givenName: string(),
      familyName: string(),
      birthDate: string(),
      sex: string().enum(...SEXES),
      municipalityId: string(),
      organisationId: string(),
      caseWorkerId: string(),
      riskLevel: string().enum(...RISK_LEVELS),
      enrolledOn: string(),
      recordKey: number(),
      baseline: byDomain(levelAttribute),
      latestLevels: byDomain(() =>
        map({
          level: levelAttribute(),
          assessedOn: string(),
          source: string().enum('baseline', 'visit'),
          visitId: string().optional(),
        }),
      ),
      status: string().enum(...CHILD_STATUSES),
      closure: closureAttribute().optional(),
      reopenings: list(
        map({ reason: string(), reopenedOn: string(), reopenedBy: string(), reopenedAt: string(), closure: closureAttribute() }),
      ).optional(),
      municipalSharingWithdrawn: boolean().optional(),
      version: number(),
      createdAt: string(),
      updatedAt: string(),
      gsi1pk: indexKey(),
      gsi1sk: indexKey(),
      gsi2pk: indexKey(),
      gsi2sk: indexKey(),
    }),
    computeKey: ({ childId }) => keys.child(childId),
  });

export type ChildEntity = ReturnType<typeof childEntity>;
