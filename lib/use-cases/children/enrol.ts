import { randomInt } from 'node:crypto';
import { ulid } from 'ulidx';
import { caseWorkerViolation } from '../../auth/directory';
import type { CaseManager } from '../../auth/scope';
import { insertEnrolment } from '../../data/cases';
import { stamp, today, type Deps } from '../../deps';
import { RECORD_KEY_RANGE } from '../../domain/disclosure/cell-key';
import { enrol, enrolmentViolations, type EnrolmentInput } from '../../domain/enrolment';
import { InvalidInput, NotPermitted } from '../../domain/errors';
import type { Caller } from '../caller';

/** Whose caseload a new case joins: the enrolling worker's own, or the one a supervisor names (403 for a worker naming another). */
export function enrolledCaseWorker(manager: Pick<CaseManager, 'role' | 'sub'>, caseWorkerId: string | undefined): string {
  const assigned = caseWorkerId ?? manager.sub;
  if (manager.role === 'social_worker' && assigned !== manager.sub) throw new NotPermitted('A social worker enrols children onto their own caseload only.');
  return assigned;
}

/** Enrols a child with its whole schedule; the record key for the outcome figures is drawn here, never shown. */
export async function enrolChild(deps: Deps, input: Caller<CaseManager> & { enrolment: EnrolmentInput & { caseWorkerId?: string | undefined } }) {
  const { principal: manager, audit, enrolment: asked } = input;
  const caseWorkerId = enrolledCaseWorker(manager, asked.caseWorkerId);
  const assignee = caseWorkerId === manager.sub ? undefined : await caseWorkerViolation(deps.directory, caseWorkerId, manager.organisationId);
  const violations = [...enrolmentViolations(asked, today(deps)), ...(assignee ? [assignee] : [])];
  if (violations.length > 0) throw new InvalidInput(violations);
  const enrolment = enrol(
    { ...asked, childId: ulid(), recordKey: randomInt(RECORD_KEY_RANGE), caseWorkerId, organisationId: manager.organisationId },
    stamp(deps),
  );
  await insertEnrolment(deps.db, enrolment.child, enrolment.checkpoints, audit('child.enrol', enrolment.child.childId));
  return enrolment;
}
