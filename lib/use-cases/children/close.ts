import { commitCaseChange } from '../../data/cases';
import { planAgendaFollowing } from '../../data/plans';
import { stamp, today, type Deps } from '../../deps';
import type { Checkpoint, Child } from '../../domain/case';
import { closureViolations, planClosure, type ClosureInput } from '../../domain/case-changes';
import type { Checked } from '../../domain/checked';
import { InvalidInput, RuleViolated } from '../../domain/errors';
import type { Caller } from '../caller';

/** Closes a case on the day given, or today, and cancels what is still scheduled. */
export async function closeChild(
  deps: Deps,
  input: Caller & { child: Checked<Child>; checkpoints: readonly Checkpoint[]; closure: Omit<ClosureInput, 'closedOn'> & { closedOn?: string | undefined } },
): Promise<Child> {
  const { principal, audit, child, checkpoints, closure } = input;
  if (child.status === 'closed') throw new RuleViolated('The case is already closed.');
  const day = today(deps);
  const closedOn = closure.closedOn ?? day;
  const violations = closureViolations(child, closedOn, day);
  if (violations.length > 0) throw new InvalidInput(violations);
  const change = planClosure(child, checkpoints, { ...closure, closedOn }, principal.sub, stamp(deps));
  await commitCaseChange(deps.db, change, audit('child.close', child.childId), await planAgendaFollowing(deps.db, child, change.child));
  return change.child;
}
