import { Entity } from 'dynamodb-toolbox/entity';
import { anyOf } from 'dynamodb-toolbox/schema/anyOf';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { string } from 'dynamodb-toolbox/schema/string';
import { DOMAINS } from '../../domain/domains';
import { PROVIDER_KINDS, REFERRAL_ACTIONS, REFERRAL_SERVICES, REFERRAL_STATUSES } from '../../domain/referrals';
import { keys } from '../keys';
import type { RecordsTable } from '../db';
import { indexKey } from './attributes';

const actor = { by: string(), role: string(), municipalityId: string().optional() };

/** A referral lives in its child's partition; its index keys (municipality list, sweep deadline) are derived on write. */
export const referralEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Referral',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      referralId: string().key(),
      municipalityId: string(),
      childMunicipalityId: string(),
      domain: string().enum(...DOMAINS),
      service: string().enum(...REFERRAL_SERVICES),
      providerKind: string().enum(...PROVIDER_KINDS),
      inHouse: boolean(),
      dueBy: string(),
      note: string().optional(),
      flagId: string().optional(),
      status: string().enum(...REFERRAL_STATUSES),
      requestedOn: string(),
      requestedAt: string(),
      basis: anyOf(
        map({ kind: string().const('consent'), consentId: string() }),
        map({ kind: string().const('override'), by: string(), role: string(), reason: string() }),
        map({ kind: string().const('in_house') }),
      ),
      deliveredOn: string().optional(),
      history: list(map({ action: string().enum(...REFERRAL_ACTIONS), at: string(), ...actor, reason: string().optional() })),
      overdueFlaggedAt: string().optional(),
      updatedAt: string(),
      gsi3pk: indexKey(),
      gsi3sk: indexKey(),
      gsi4pk: indexKey(),
      gsi4sk: indexKey(),
    }),
    computeKey: ({ childId, referralId }) => keys.referral(childId, referralId),
  });

/** Finds a referral by its id. */
export const referralLocatorEntity = (table: RecordsTable) =>
  new Entity({
    name: 'ReferralLocator',
    table,
    timestamps: false,
    schema: item({ referralId: string().key(), childId: string() }),
    computeKey: ({ referralId }) => keys.referralLocator(referralId),
  });
