import type { Schema } from 'dynamodb-toolbox';
import { map } from 'dynamodb-toolbox/schema/map';
import { string } from 'dynamodb-toolbox/schema/string';
import { DOMAINS, LEVELS, type Domain } from '../../domain/domains';

export const levelAttribute = () => string().enum(...LEVELS);

/** A map with one entry per domain, built from the single list of domains. */
export function byDomain<S extends Schema>(attribute: () => S) {
  return map(Object.fromEntries(DOMAINS.map((domain) => [domain, attribute()])) as Record<Domain, S>);
}

/** Index keys are stored but never handed back: callers see domain fields only. */
export const indexKey = () => string().optional().hidden();
