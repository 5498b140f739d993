import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { map } from 'dynamodb-toolbox/schema/map';
import { string } from 'dynamodb-toolbox/schema/string';
import { CONSENT_GIVERS, CONSENT_SCOPES } from '../../domain/consent';
import { keys } from '../keys';
import type { RecordsTable } from '../db';

/** A consent of a child, in the child's consent partition: one query lists them, outside the case's own state. */
export const consentEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Consent',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      consentId: string().key(),
      scope: string().enum(...CONSENT_SCOPES),
      givenBy: string().enum(...CONSENT_GIVERS),
      givenOn: string(),
      recordedBy: string(),
      recordedRole: string(),
      recordedAt: string(),
      withdrawal: map({ by: string(), role: string(), municipalityId: string().optional(), at: string(), reason: string().optional() }).optional(),
    }),
    computeKey: ({ childId, consentId }) => keys.consent(childId, consentId),
  });
