import { Busy, DomainError, InvalidInput, KeyReused, RuleViolated, StaleRecord } from '../../../lib/domain/errors';

describe('domain errors: named by what they mean, whoever raises them', () => {
  it.each([
    [StaleRecord, 'StaleRecord'],
    [RuleViolated, 'RuleViolated'],
    [Busy, 'Busy'],
    [KeyReused, 'KeyReused'],
  ])('%p is a DomainError named after itself, with its message', (Kind, name) => {
    const error = new Kind('The plan is at version 2, not 1; read it again.');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.message).toBe('The plan is at version 2, not 1; read it again.');
  });

  it('invalid input carries every violated field, and says nothing was written', () => {
    const violations = [{ path: 'body.reviewOn', message: 'must not be in the past' }];
    const error = new InvalidInput(violations);
    expect(error.name).toBe('InvalidInput');
    expect(error.violations).toEqual(violations);
    expect(error.message).toBe('The request has invalid fields; nothing was written.');
    expect(new InvalidInput([], 'Unknown municipality.').message).toBe('Unknown municipality.');
  });
});
