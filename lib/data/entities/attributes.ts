import type { Schema } from 'dynamodb-toolbox';
import { map } from 'dynamodb-toolbox/schema/map';
import { string } from 'dynamodb-toolbox/schema/string';
import { DOMAINS, LEVELS } from '../../domain/domains';
import { keyedBy } from '../../domain/keyed';

export const levelAttribute = () => string().enum(...LEVELS);

/** A map with one entry per domain, built from the single list of domains. */
export function byDomain<S extends Schema>(attribute: () => S) {
  return map(keyedBy(DOMAINS, attribute));
}

/** Index keys are stored but never handed back: callers see domain fields only. */
export const indexKey = () => string().optional().hidden();
