import { LOCAL_AUTH, PROGRAMME_DEFAULTS } from '../lib/config';

/** The table the local runtime, the maintenance script and the tests use when TABLE_NAME is not set. */
export const LOCAL_TABLE_NAME = 'reintegration-records';

/**
 * The environment of a function run on one machine: what the stack would give it, from the documented
 * defaults, under whatever the developer set (README: Configuration).
 */
export function localEnvironment(env: NodeJS.ProcessEnv, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...PROGRAMME_DEFAULTS,
    TABLE_NAME: LOCAL_TABLE_NAME,
    AWS_REGION: 'eu-central-1',
    AUTH_ISSUER: LOCAL_AUTH.issuer,
    AUTH_AUDIENCE: LOCAL_AUTH.audience,
    ...env,
    ...overrides,
  };
}
