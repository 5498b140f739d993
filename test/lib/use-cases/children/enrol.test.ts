import { NotPermitted } from '../../../../lib/domain/errors';
import { enrolledCaseWorker } from '../../../../lib/use-cases/children/enrol';

describe('a new case joins the enrolling worker’s caseload, or the one a supervisor names', () => {
  it('a social worker enrols onto their own caseload, named or not', () => {
    expect(enrolledCaseWorker({ role: 'social_worker', sub: 'worker-1' }, undefined)).toBe('worker-1');
    expect(enrolledCaseWorker({ role: 'social_worker', sub: 'worker-1' }, 'worker-1')).toBe('worker-1');
  });

  it('a social worker naming another worker is refused (403)', () => {
    expect(() => enrolledCaseWorker({ role: 'social_worker', sub: 'worker-1' }, 'worker-2')).toThrow(
      new NotPermitted('A social worker enrols children onto their own caseload only.'),
    );
  });

  it('a supervisor enrols onto the caseload they name, or their own when they name none', () => {
    expect(enrolledCaseWorker({ role: 'supervisor', sub: 'supervisor-1' }, 'worker-2')).toBe('worker-2');
    expect(enrolledCaseWorker({ role: 'supervisor', sub: 'supervisor-1' }, undefined)).toBe('supervisor-1');
  });
});
