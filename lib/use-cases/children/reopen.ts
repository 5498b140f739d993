import { commitCaseChange } from '../../data/cases';
import { planAgendaFollowing } from '../../data/plans';
import { stamp, today, type Deps } from '../../deps';
import type { Child } from '../../domain/case';
import { planReopening, reopeningConflict } from '../../domain/case-changes';
import type { Checked } from '../../domain/checked';
import { RuleViolated } from '../../domain/errors';
import type { Caller } from '../caller';

/** Reopens a closed case with a fresh schedule from today. */
export async function reopenChild(deps: Deps, input: Caller & { child: Checked<Child>; reason: string }): Promise<Child> {
  const { principal, audit, child, reason } = input;
  const day = today(deps);
  const conflict = reopeningConflict(child, day);
  if (conflict) throw new RuleViolated(conflict);
  const change = planReopening(child, reason, principal.sub, day, stamp(deps));
  await commitCaseChange(deps.db, change, audit('child.reopen', child.childId), await planAgendaFollowing(deps.db, child, change.child));
  return change.child;
}
