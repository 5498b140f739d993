import type { Role } from '../../auth/principal';
import { caseWorkerViolation } from '../../auth/directory';
import { commitCaseChange } from '../../data/cases';
import { planAgendaFollowing } from '../../data/plans';
import { stamp, today, type Deps } from '../../deps';
import type { Checkpoint, Child } from '../../domain/case';
import { planCaseUpdate, type CaseUpdate } from '../../domain/case-changes';
import type { Checked } from '../../domain/checked';
import { InvalidInput, NotPermitted, RuleViolated, StaleRecord } from '../../domain/errors';
import type { Flag } from '../../domain/flags';
import type { Caller } from '../caller';

/**
 * The case worker an update reassigns the case to, if it names another one. Only a supervisor reassigns (403),
 * and a closed case no longer changes at all (409).
 */
export function reassignment(child: Pick<Child, 'caseWorkerId' | 'status'>, update: CaseUpdate, role: Role): string | undefined {
  const newWorker = update.caseWorkerId !== undefined && update.caseWorkerId !== child.caseWorkerId ? update.caseWorkerId : undefined;
  if (newWorker && role !== 'supervisor') throw new NotPermitted('Only a supervisor can reassign a case to another case worker.');
  if (child.status === 'closed') throw new RuleViolated('The case is closed; it can no longer change.');
  return newWorker;
}

/** An update is made to the version the caller read, or not at all: a newer one is read again first (409). */
export function assertVersionRead(child: Pick<Child, 'version'>, versionRead: number): void {
  if (child.version !== versionRead) throw new StaleRecord(`The child is at version ${child.version}, not ${versionRead}; read it again.`);
}

export async function updateChild(
  deps: Deps,
  input: Caller & { child: Checked<Child>; checkpoints: readonly Checkpoint[]; flags: readonly Flag[]; update: CaseUpdate & { version: number } },
): Promise<Child> {
  const { principal, audit, child, checkpoints, flags, update } = input;
  const newWorker = reassignment(child, update, principal.role);
  const assignee = newWorker && (await caseWorkerViolation(deps.directory, newWorker, child.organisationId));
  if (assignee) throw new InvalidInput([assignee]);
  assertVersionRead(child, update.version);
  const change = planCaseUpdate(child, checkpoints, flags, update, today(deps), stamp(deps));
  await commitCaseChange(deps.db, change, audit('child.update', child.childId), await planAgendaFollowing(deps.db, child, change.child));
  return change.child;
}
