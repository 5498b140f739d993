import type { FlagReader } from '../../auth/scope';
import { saveFlagChange } from '../../data/flags';
import { stamp, today, type Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { RuleViolated } from '../../domain/errors';
import { acknowledge, transitionConflict } from '../../domain/flag-transitions';
import { flagViewFor } from '../../domain/flag-views';
import type { Flag } from '../../domain/flags';
import type { Caller } from '../caller';

/** Acknowledges an open flag; answers it as the caller's role sees it. */
export async function acknowledgeFlag(deps: Deps, input: Caller<FlagReader> & { flag: Checked<Flag>; child: Checked<Child>; note?: string | undefined }) {
  const { principal, audit, flag, child } = input;
  const conflict = transitionConflict(flag, 'acknowledged');
  if (conflict) throw new RuleViolated(conflict);
  const change = acknowledge(flag, { by: principal.sub, role: principal.role }, input.note, stamp(deps));
  await saveFlagChange(deps.db, change, audit('flag.acknowledge', flag.childId));
  // The child is as read before the change, which never touches it.
  return flagViewFor(principal, change.flag, child, today(deps));
}
