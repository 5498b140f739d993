import type { Checkpoint, Child, Violation } from './case';
import { daysBetween, type IsoDate } from './dates';
import type { Domain, Level } from './domains';
import { isOpen } from './schedule';

export const CONTACT_TYPES = ['home', 'school', 'office', 'phone', 'video', 'other'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** Domain indicators recorded beside the level, one set per domain (the single place to add one). */
export const INDICATOR_VALUES = {
  housingArrangement: ['family', 'kinship', 'foster_family', 'residential_care', 'independent', 'shelter', 'other'],
  vocationalStatus: ['none', 'training', 'apprenticeship', 'employed'],
} as const;

export interface DomainIndicators {
  education: { enrolled?: boolean; attending?: boolean };
  housing: { arrangement?: (typeof INDICATOR_VALUES.housingArrangement)[number]; safe?: boolean };
  health: { needsMet?: boolean; inTreatment?: boolean };
  vocational_training: { status?: (typeof INDICATOR_VALUES.vocationalStatus)[number] };
}

export type Assessment<D extends Domain = Domain> = { level: Level; note?: string; indicators?: DomainIndicators[D] };
export type Assessments = { [D in Domain]?: Assessment<D> };

export interface ChildView {
  /** The child's own rating of how things are going, 1 (very bad) to 5 (very good). */
  rating?: number;
  /** The child's own words. */
  words?: string;
}

export interface VisitInput {
  visitedOn: IsoDate;
  contactType: ContactType;
  assessments: Assessments;
  childView: ChildView;
  notes?: string;
  /** Fulfil this checkpoint; without it the window rule picks one, or none (an ad-hoc visit). */
  checkpointId?: string;
}

export interface Visit extends Omit<VisitInput, 'checkpointId'> {
  visitId: string;
  childId: string;
  /** The checkpoint the visit fulfilled, if any. */
  checkpointId?: string;
  recordedBy: string;
  recordedAt: string;
}

export function visitViolations(
  child: Pick<Child, 'enrolledOn'>,
  checkpoints: readonly Checkpoint[],
  input: Pick<VisitInput, 'visitedOn' | 'checkpointId'>,
  today: IsoDate,
): Violation[] {
  const violations: Violation[] = [];
  if (daysBetween(input.visitedOn, today) < 0) {
    violations.push({ path: 'body.visitedOn', message: 'must not be in the future' });
  }
  if (daysBetween(child.enrolledOn, input.visitedOn) < 0) {
    violations.push({ path: 'body.visitedOn', message: `must not be before enrolment (${child.enrolledOn})` });
  }
  if (input.checkpointId !== undefined) {
    const checkpoint = checkpoints.find((c) => c.checkpointId === input.checkpointId);
    if (!checkpoint) {
      violations.push({ path: 'body.checkpointId', message: 'is not a checkpoint of this child' });
    } else if (daysBetween(checkpoint.windowOpensOn, input.visitedOn) < 0) {
      violations.push({
        path: 'body.checkpointId',
        message: `the visit is before this checkpoint's window opens (${checkpoint.windowOpensOn})`,
      });
    }
  }
  return violations;
}

/** Why a valid visit cannot be recorded in the case's current state (409), if it cannot. */
export function visitConflict(
  child: Pick<Child, 'status'>,
  checkpoints: readonly Checkpoint[],
  input: Pick<VisitInput, 'checkpointId'>,
): string | undefined {
  if (child.status === 'closed') return 'The case is closed; it takes no more visits.';
  const requested = checkpoints.find((c) => c.checkpointId === input.checkpointId);
  if (requested && !isOpen(requested.status)) {
    return requested.visitId
      ? `Checkpoint ${requested.checkpointId} was already fulfilled by visit ${requested.visitId}.`
      : `Checkpoint ${requested.checkpointId} is ${requested.status}.`;
  }
  return undefined;
}
