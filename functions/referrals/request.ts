import { routes } from '../../lib/api/routes';
import { listConsents } from '../../lib/data/consents';
import { idempotencyOf, storedAnswer } from '../../lib/data/idempotency';
import { unknownMunicipality } from '../../lib/data/municipalities';
import { saveNewReferral } from '../../lib/data/referrals';
import { stamp, today } from '../../lib/deps';
import { referralBasis, referralViolations, requestReferral } from '../../lib/domain/referral-request';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Conflict } from '../../lib/http/problems';

export const handler = httpHandler(routes.requestReferral, async ({ path, headers, body, principal, records: { child, flags }, audit, deps }) => {
  const idempotency = idempotencyOf(principal.sub, routes.requestReferral.operationId, headers['idempotency-key'], { path, body }, deps.clock.now());
  const first = idempotency && (await storedAnswer(deps.db, idempotency.request));
  if (first) return { ...first, replayed: true };

  const day = today(deps);
  const answered = body.flagId ? flags.find((flag) => flag.flagId === body.flagId) : undefined;
  const violations = referralViolations(body, day, answered, principal);
  if (violations.length > 0) throw new BadRequest(violations);
  if (child.status !== 'active') throw new Conflict('The case is closed; reopen it to refer the child.');
  const actor = { by: principal.sub, role: principal.role };
  const at = stamp(deps);
  const basis = referralBasis(body, body.inHouse ? [] : await listConsents(deps.db, child.childId), actor, { day, at: at.at });
  if ('conflict' in basis) throw new Conflict(basis.conflict);
  const referral = requestReferral(child, body, basis, actor, day, at);
  const audits = [
    audit('referral.request', child.childId),
    ...(basis.kind === 'override' ? [{ ...audit('referral.override', child.childId), reason: basis.reason }] : []),
  ];
  const result = await saveNewReferral(deps.db, referral, audits, { status: 201, body: referral }, idempotency);
  if ('refusal' in result) {
    if (result.refusal === 'consentWithdrawn') throw new Conflict('The referral consent was withdrawn meanwhile; nothing was referred.');
    throw unknownMunicipality();
  }
  return { ...result.answer, replayed: result.replayed };
});
