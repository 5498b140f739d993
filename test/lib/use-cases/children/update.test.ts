import { NotPermitted, RuleViolated, StaleRecord } from '../../../../lib/domain/errors';
import { assertVersionRead, reassignment } from '../../../../lib/use-cases/children/update';

const active = { caseWorkerId: 'worker-1', status: 'active' as const };
const closed = { ...active, status: 'closed' as const };

describe('only a supervisor reassigns a case to another case worker', () => {
  it('a supervisor naming another worker reassigns the case to them', () => {
    expect(reassignment(active, { caseWorkerId: 'worker-2' }, 'supervisor')).toBe('worker-2');
  });

  it('a social worker naming another worker is refused (403)', () => {
    expect(() => reassignment(active, { caseWorkerId: 'worker-2' }, 'social_worker')).toThrow(
      new NotPermitted('Only a supervisor can reassign a case to another case worker.'),
    );
  });

  it('naming the case’s own worker, or none, reassigns nothing, whoever asks', () => {
    expect(reassignment(active, { caseWorkerId: 'worker-1', riskLevel: 'high' }, 'social_worker')).toBeUndefined();
    expect(reassignment(active, { municipalityId: 'bitola' }, 'social_worker')).toBeUndefined();
  });
});

describe('a closed case no longer changes', () => {
  it('any update of a closed case is refused (409)', () => {
    expect(() => reassignment(closed, { riskLevel: 'high' }, 'supervisor')).toThrow(new RuleViolated('The case is closed; it can no longer change.'));
  });

  it('a worker reassigning a closed case is told first that they may not reassign', () => {
    expect(() => reassignment(closed, { caseWorkerId: 'worker-2' }, 'social_worker')).toThrow(NotPermitted);
  });
});

describe('an update is made to the version the caller read', () => {
  it('the version read is the current one: the update goes on', () => {
    expect(() => assertVersionRead({ version: 3 }, 3)).not.toThrow();
  });

  it('an older version read is refused, saying which version the child is at (409)', () => {
    expect(() => assertVersionRead({ version: 4 }, 3)).toThrow(new StaleRecord('The child is at version 4, not 3; read it again.'));
  });
});
