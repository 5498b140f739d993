import { referralVisibleTo, type FlagReader } from '../../auth/scope';
import { saveFlagChange } from '../../data/flags';
import { findChildReferral } from '../../data/referrals';
import { stamp, today, type Deps } from '../../deps';
import type { Child, Violation } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { InvalidInput, RuleViolated } from '../../domain/errors';
import { ANSWERABLE_BY_REFERRAL, resolve, transitionConflict } from '../../domain/flag-transitions';
import { flagViewFor } from '../../domain/flag-views';
import type { Flag } from '../../domain/flags';
import type { Referral } from '../../domain/referrals';
import type { Caller } from '../caller';

/**
 * Whether a resolution may name a referral as the flag's answer: only a regression or a concern is answered by one
 * (checked before the referral is read), and a referral the caller could not see is answered like one that does not
 * exist.
 */
export function answeringReferralViolations(flag: Pick<Flag, 'type'>, referral?: { found: Referral | undefined; visible: boolean }): Violation[] {
  if (!ANSWERABLE_BY_REFERRAL.includes(flag.type)) return [{ path: 'body.referralId', message: 'only a regression or a concern is answered by a referral' }];
  if (referral && !(referral.found && referral.visible)) return [{ path: 'body.referralId', message: 'names no referral of this child' }];
  return [];
}

/** Resolves a flag with the caller's note, and the referral that answered it if one did. */
export async function resolveFlag(
  deps: Deps,
  input: Caller<FlagReader> & { flag: Checked<Flag>; child: Checked<Child>; resolution: { note: string; actionTaken?: string | undefined; referralId?: string | undefined } },
) {
  const { principal, audit, flag, child, resolution } = input;
  if (resolution.referralId) {
    const notAnswerable = answeringReferralViolations(flag);
    if (notAnswerable.length > 0) throw new InvalidInput(notAnswerable);
    const found = await findChildReferral(deps.db, flag.childId, resolution.referralId);
    const unseen = answeringReferralViolations(flag, { found, visible: found !== undefined && referralVisibleTo(principal, found, child) });
    if (unseen.length > 0) throw new InvalidInput(unseen);
  }
  const conflict = transitionConflict(flag, 'resolved');
  if (conflict) throw new RuleViolated(conflict);
  const change = resolve(flag, { by: principal.sub, role: principal.role }, resolution, stamp(deps));
  await saveFlagChange(deps.db, change, audit('flag.resolve', flag.childId));
  // The child is as read before the change, which never touches it.
  return flagViewFor(principal, change.flag, child, today(deps));
}
