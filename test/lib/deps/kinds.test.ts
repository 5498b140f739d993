import { PROGRAMME_DEFAULTS } from '../../../lib/config';
import { projectorDeps } from '../../../lib/deps/projector';
import { publisherDeps } from '../../../lib/deps/publisher';
import { routeDeps } from '../../../lib/deps/route';
import { sweepDeps } from '../../../lib/deps/sweep';

/**
 * Issue 19: a function parses the configuration of its own kind and nothing more. A variable it does not read is
 * neither required nor validated, so a stream consumer's cold start does not pay for the routes' settings.
 */
const table = { TABLE_NAME: 'records', AWS_REGION: 'eu-central-1' };
const time = { PROGRAMME_TIME_ZONE: 'Europe/Skopje', OUTCOMES_FRESH_MONTHS: '9' };
/** Every programme variable a stream consumer or the sweep does not read, each one invalid. */
const unreadAndInvalid = { OUTCOMES_K: 'none', OUTCOMES_MAX_NOISE: 'none', EXPORT_K: 'none', EMERGENCY_ACCESS_HOURS: 'none', MAX_PAGE_SIZE: 'none' };

test('the outcome projector reads the table, the time zone and how long a level counts, and no other variable', () => {
  expect(projectorDeps({ ...table, ...time, ...unreadAndInvalid, GRACE_DAYS: 'none', ESCALATION_DAYS: 'none' }).config).toEqual({
    timeZone: 'Europe/Skopje',
    freshMonths: 9,
  });
});

test('the sweep reads the projector’s variables and the grace and escalation days it applies, and no other', () => {
  const { config } = sweepDeps({ ...table, ...time, ...unreadAndInvalid, GRACE_DAYS: '10', ESCALATION_DAYS: '4' });
  expect(config).toEqual({ timeZone: 'Europe/Skopje', freshMonths: 9, policy: expect.objectContaining({ graceDays: 10 }), escalationDays: 4 });
});

test('the sweep still refuses a variable it reads when it is missing or invalid', () => {
  expect(() => sweepDeps({ ...table, ...time, GRACE_DAYS: '10' })).toThrow(/invalid programme configuration[\s\S]*ESCALATION_DAYS/);
  expect(() => projectorDeps({ ...table, PROGRAMME_TIME_ZONE: 'Mars/Olympus', OUTCOMES_FRESH_MONTHS: '6' })).toThrow(/not an IANA time zone/);
});

test('the flag-event publisher is built from the bus name alone: no table, no programme', () => {
  expect(publisherDeps({ EVENT_BUS_NAME: 'flags' }).publisher).toEqual({ publish: expect.any(Function) });
});

test('a route reads the whole programme: the variables the consumers skip are validated for it', () => {
  const auth = { AUTH_ISSUER: 'issuer', AUTH_AUDIENCE: 'audience', AUTH_JWKS_URL: 'https://issuer.example/jwks.json' };
  expect(() => routeDeps({ ...table, ...auth, ...PROGRAMME_DEFAULTS })).not.toThrow();
  expect(() => routeDeps({ ...table, ...auth, ...PROGRAMME_DEFAULTS, OUTCOMES_K: 'none' })).toThrow(/invalid programme configuration[\s\S]*OUTCOMES_K/);
});
