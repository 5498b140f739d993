import { Busy, InvalidInput, KeyReused, NotFound, NotPermitted, RuleViolated, StaleRecord } from '../../../lib/domain/errors';
import { toProblem } from '../../../lib/http/problem-response';

/** The errors of the domain and data layers become problem details in one place, whoever raised them. */
describe('domain errors as the caller sees them', () => {
  it.each([
    ['a record changed since it was read', new StaleRecord('The flag was changed by someone else.'), 409],
    ['a rule of the domain', new RuleViolated('The case is closed.'), 409],
    ['a busy store', new Busy('Other changes were being saved.'), 503],
    ['an idempotency key reused for another request', new KeyReused('This key was used for another request.'), 422],
    ['a record that is not there, or not the caller’s to know of', new NotFound('No such checkpoint.'), 404],
    ['a role that may not do this', new NotPermitted('Only a supervisor can reassign a case to another case worker.'), 403],
  ])('%s: %#', (_what, error, status) => {
    const problem = toProblem(error);
    expect(problem.status).toBe(status);
    expect(problem.detail).toBe(error.message);
  });

  it('input that breaks a field’s rule is a 400 naming each field, and says nothing was written', () => {
    const problem = toProblem(new InvalidInput([{ path: 'body.municipalityId', message: 'is not a known municipality' }]));
    expect(problem.status).toBe(400);
    expect(problem.extensions()).toEqual({ errors: [{ path: 'body.municipalityId', message: 'is not a known municipality' }] });
    expect(problem.detail).toMatch(/nothing was written/);
  });

  it('a busy store asks the caller to retry', () => {
    expect(toProblem(new Busy('x')).headers).toHaveProperty('retry-after');
  });
});
