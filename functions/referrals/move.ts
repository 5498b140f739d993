import { saveReferralChange } from '../../lib/data/referrals';
import type { ScopedRecords } from '../../lib/http/handler';
import { stamp, today, type Deps } from '../../lib/deps';
import type { Auditor } from '../../lib/domain/audit';
import { actingOn } from '../../lib/domain/flags';
import { referralViewFor } from '../../lib/domain/referral-views';
import { moveConflict, moveReferral, moverRefusal, moveViolations, type MoveInput } from '../../lib/domain/referral-moves';
import type { ReferralMove } from '../../lib/domain/referrals';
import { BadRequest, Conflict, Forbidden } from '../../lib/http/problems';
import type { Principal } from '../../lib/auth/principal';

/**
 * One move of a referral's lifecycle, the same for every route that makes one: who may (403), whether it is legal
 * now (409), whether the input holds (400), then the change written on the condition that nobody changed it since.
 */
export async function moveAndAnswer(
  move: ReferralMove,
  input: MoveInput,
  request: { principal: Principal; records: ScopedRecords<{ record: 'referral' }>; audit: Auditor; deps: Deps },
) {
  const { principal, records, audit, deps } = request;
  const { referral, child } = records;
  const refusal = moverRefusal(referral, move, principal.role);
  if (refusal) throw new Forbidden(refusal);
  const conflict = moveConflict(referral, move);
  if (conflict) throw new Conflict(conflict);
  const day = today(deps);
  const violations = moveViolations(referral, move, input, day);
  if (violations.length > 0) throw new BadRequest(violations);
  const actor = actingOn(referral, { by: principal.sub, role: principal.role });
  const moved = moveReferral(referral, move, input, actor, stamp(deps));
  const { saved } = await saveReferralChange(deps.db, { referral: moved, updatedAtRead: referral.updatedAt }, audit('referral.update', referral.childId));
  if (!saved) throw new Conflict('The referral was changed by someone else since you read it; read it again.');
  return { status: 200, body: referralViewFor(principal, moved, child, day) };
}
