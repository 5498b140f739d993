import { listChildReferrals as referralsOf } from '../../data/referrals';
import type { Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';

/** Every referral of the child, whatever its status. */
export const listChildReferrals = async (deps: Deps, input: { child: Checked<Child> }) => ({ items: await referralsOf(deps.db, input.child.childId) });
