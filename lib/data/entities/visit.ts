import type { Schema } from 'dynamodb-toolbox';
import { Entity } from 'dynamodb-toolbox/entity';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { DOMAINS, type Domain } from '../../domain/domains';
import { CONTACT_TYPES, INDICATOR_VALUES } from '../../domain/visits';
import { keys } from '../keys';
import type { RecordsTable } from '../db';
import { indexKey, levelAttribute } from './attributes';

const assessment = <A extends Record<string, Schema>>(indicators: A) =>
  map({ level: levelAttribute(), note: string().optional(), indicators: map(indicators).optional() }).optional();

/** Indicators per domain, as in `DomainIndicators`. */
const assessments = () =>
  map({
    education: assessment({ enrolled: boolean().optional(), attending: boolean().optional() }),
    housing: assessment({
      arrangement: string().enum(...INDICATOR_VALUES.housingArrangement).optional(),
      safe: boolean().optional(),
    }),
    health: assessment({ needsMet: boolean().optional(), inTreatment: boolean().optional() }),
    vocational_training: assessment({ status: string().enum(...INDICATOR_VALUES.vocationalStatus).optional() }),
  } satisfies Record<Domain, unknown>);
export const visitEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Visit',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      visitId: string().key(),
      checkpointId: string().optional(),
      visitedOn: string(),
      contactType: string().enum(...CONTACT_TYPES),
      assessments: assessments(),
      childView: map({ rating: number().optional(), words: string().optional() }),
      notes: string().optional(),
      recordedBy: string(),
      recordedAt: string(),
      lsi1sk: indexKey(),
    }),
    computeKey: ({ childId, visitId }) => keys.visit(childId, visitId),
  });

/** One domain's level at one visit: small items a child's whole trajectory is read from in one query. */
export const assessmentEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Assessment',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      domain: string().enum(...DOMAINS).key(),
      assessedOn: string().key(),
      visitId: string().key(),
      level: levelAttribute(),
    }),
    computeKey: ({ childId, domain, assessedOn, visitId }) => keys.assessment(childId, domain, assessedOn, visitId),
  });
