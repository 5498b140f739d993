import { routes } from '../../lib/api/routes';
import { referralVisibleTo } from '../../lib/auth/scope';
import { saveFlagChange } from '../../lib/data/flags';
import { findChildReferral } from '../../lib/data/referrals';
import { stamp, today } from '../../lib/deps';
import { flagViewFor } from '../../lib/domain/flag-views';
import { ANSWERABLE_BY_REFERRAL, resolve, transitionConflict } from '../../lib/domain/flag-transitions';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Conflict } from '../../lib/http/problems';

export const handler = httpHandler(routes.resolveFlag, async ({ body, principal, records: { flag, child }, audit, deps }) => {
  if (body.referralId) {
    if (!ANSWERABLE_BY_REFERRAL.includes(flag.type)) {
      throw new BadRequest([{ path: 'body.referralId', message: 'only a regression or a concern is answered by a referral' }]);
    }
    // A referral the caller could not see is answered like one that does not exist.
    const referral = await findChildReferral(deps.db, flag.childId, body.referralId);
    if (!referral || !referralVisibleTo(principal, referral, child)) {
      throw new BadRequest([{ path: 'body.referralId', message: 'names no referral of this child' }]);
    }
  }
  const conflict = transitionConflict(flag, 'resolved');
  if (conflict) throw new Conflict(conflict);
  const change = resolve(flag, { by: principal.sub, role: principal.role }, body, stamp(deps));
  await saveFlagChange(deps.db, change, audit('flag.resolve', flag.childId));
  // The child is as read before the change, which never touches it.
  return { status: 200, body: flagViewFor(principal, change.flag, child, today(deps)) };
});
