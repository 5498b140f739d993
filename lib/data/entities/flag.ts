import { Entity } from 'dynamodb-toolbox/entity';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { string } from 'dynamodb-toolbox/schema/string';
import { DOMAINS } from '../../domain/domains';
import { CONCERN_TYPES, FLAG_ACTIONS, FLAG_STATUSES, FLAG_TYPES, SEVERITIES } from '../../domain/flags';
import { keys } from '../keys';
import type { RecordsTable } from '../db';
import { indexKey, levelAttribute } from './attributes';

const flagIndexKeys = () =>
  Object.fromEntries(
    ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk'].map((name) => [name, indexKey()]),
  ) as Record<'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk' | 'gsi3pk' | 'gsi3sk' | 'gsi4pk' | 'gsi4sk', ReturnType<typeof indexKey>>;

const actor = { by: string(), role: string(), municipalityId: string().optional() };

/** A flag lives in its child's partition, keyed by its subject, so a rule can never raise it twice. */
export const flagEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Flag',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      subject: string().key(),
      flagId: string(),
      caseCode: string(),
      municipalityId: string(),
      organisationId: string(),
      caseWorkerId: string(),
      type: string().enum(...FLAG_TYPES),
      concernType: string().enum(...CONCERN_TYPES).optional(),
      domain: string().enum(...DOMAINS).optional(),
      severity: string().enum(...SEVERITIES),
      status: string().enum(...FLAG_STATUSES),
      raisedAt: string(),
      evidence: map({
        checkpointId: string().optional(),
        dueOn: string().optional(),
        visitId: string().optional(),
        visitedOn: string().optional(),
        fromLevel: levelAttribute().optional(),
        toLevel: levelAttribute().optional(),
        fromVisitId: string().optional(),
        fromAssessedOn: string().optional(),
        referralId: string().optional(),
      }),
      history: list(
        map({
          action: string().enum(...FLAG_ACTIONS),
          at: string(),
          ...actor,
          note: string().optional(),
        }),
      ),
      escalatedAt: string().optional(),
      resolution: map({
        note: string(),
        actionTaken: string().optional(),
        referralId: string().optional(),
        at: string(),
        ...actor,
        automatic: boolean(),
      }).optional(),
      updatedAt: string(),
      ...flagIndexKeys(),
    }),
    computeKey: ({ childId, subject }) => keys.flag(childId, subject),
  });

/** Finds a flag by its id: `/flags/{flagId}` names no child. */
export const flagLocatorEntity = (table: RecordsTable) =>
  new Entity({
    name: 'FlagLocator',
    table,
    timestamps: false,
    schema: item({ flagId: string().key(), childId: string(), subject: string() }),
    computeKey: ({ flagId }) => keys.flagLocator(flagId),
  });
