import type { Checkpoint, Stamp } from '../../../lib/domain/case';
import { enrol, type EnrolmentInput } from '../../../lib/domain/enrolment';
import { DEFAULT_POLICY, type CheckpointStatus } from '../../../lib/domain/schedule';
import { enrolmentInput, inScope } from './fixtures';

/** One enrolled case of the case tests (enrolment, changes, views), stamped at fixed instants. */

export const AT = '2025-06-01T09:00:00.000Z';
export const LATER = '2025-06-20T10:30:00.000Z';

export function stampAt(at: string, prefix = 'id'): Stamp {
  let n = 0;
  return { at, newId: () => `${prefix}-${String(++n).padStart(3, '0')}`, policy: DEFAULT_POLICY };
}

/** The shared enrolment (fixtures.ts), medium risk in January 2025 with two domains off stable. */
export const input: EnrolmentInput = {
  ...enrolmentInput,
  caseCode: 'SK-2025-0042',
  riskLevel: 'medium',
  enrolledOn: '2025-01-31',
  baseline: { education: 'at_risk', housing: 'stable', health: 'stable', vocational_training: 'critical' },
};

export function enrolled(overrides: Partial<EnrolmentInput> = {}) {
  const enrolment = enrol({ ...input, ...overrides, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' }, stampAt(AT, 'cp'));
  return { ...enrolment, child: inScope(enrolment.child) };
}

/** The enrolled schedule with statuses as they stand on `today`: due on or before today → the given past status. */
export function withHistory(checkpoints: Checkpoint[], today: string, pastStatus: CheckpointStatus = 'completed'): Checkpoint[] {
  return checkpoints.map((c) => (c.dueOn <= today ? { ...c, status: pastStatus } : c));
}
