import type { Principal } from '../../auth/principal';
import { saveReferralChange } from '../../data/referrals';
import { stamp, today, type Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { InvalidInput, NotPermitted, RuleViolated, StaleRecord } from '../../domain/errors';
import { actingOn } from '../../domain/flags';
import { moveConflict, moveReferral as movedReferral, moverRefusal, moveViolations, type MoveInput } from '../../domain/referral-moves';
import { referralViewFor } from '../../domain/referral-views';
import type { Referral, ReferralMove } from '../../domain/referrals';
import type { Caller } from '../caller';

/**
 * One move of a referral's lifecycle, the same for every route that makes one: who may (403), whether it is legal
 * now (409), whether the input holds (400), then the change written on the condition that nobody changed it since.
 */
export async function moveReferral(
  deps: Deps,
  input: Caller<Principal> & { referral: Checked<Referral>; child: Checked<Child>; move: ReferralMove; details: MoveInput },
) {
  const { principal, audit, referral, child, move, details } = input;
  const refusal = moverRefusal(referral, move, principal.role);
  if (refusal) throw new NotPermitted(refusal);
  const conflict = moveConflict(referral, move);
  if (conflict) throw new RuleViolated(conflict);
  const day = today(deps);
  const violations = moveViolations(referral, move, details, day);
  if (violations.length > 0) throw new InvalidInput(violations);
  const actor = actingOn(referral, { by: principal.sub, role: principal.role });
  const moved = movedReferral(referral, move, details, actor, stamp(deps));
  const { saved } = await saveReferralChange(deps.db, { referral: moved, updatedAtRead: referral.updatedAt }, audit('referral.update', referral.childId));
  if (!saved) throw new StaleRecord('The referral was changed by someone else since you read it; read it again.');
  return referralViewFor(principal, moved, child, day);
}
