import type { CaseManager } from '../../auth/scope';
import { listConsents } from '../../data/consents';
import { unknownMunicipality } from '../../data/municipalities';
import { saveNewReferral } from '../../data/referrals';
import { stamp, today, type Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { InvalidInput, RuleViolated } from '../../domain/errors';
import type { Flag } from '../../domain/flags';
import { referralBasis, referralViolations, requestReferral as newReferral } from '../../domain/referral-request';
import type { ReferralInput } from '../../domain/referrals';
import type { Caller } from '../caller';
import { earlierAttempt } from '../idempotent';

/**
 * Refers the child to a service, once per idempotency key: on the child's active referral consent, a supervisor's
 * audited override, or none for a service of the child's own organisation.
 */
export async function requestReferral(
  deps: Deps,
  input: Caller<CaseManager> & { child: Checked<Child>; flags: readonly Flag[]; referral: ReferralInput; idempotencyKey: string | undefined; request: unknown },
) {
  const { principal, audit, child, flags, referral: asked } = input;
  const { idempotency, replay } = await earlierAttempt(deps, principal.sub, 'requestReferral', input.idempotencyKey, input.request);
  if (replay) return replay;

  const day = today(deps);
  const answered = asked.flagId ? flags.find((flag) => flag.flagId === asked.flagId) : undefined;
  const violations = referralViolations(asked, day, answered, principal);
  if (violations.length > 0) throw new InvalidInput(violations);
  if (child.status !== 'active') throw new RuleViolated('The case is closed; reopen it to refer the child.');
  const actor = { by: principal.sub, role: principal.role };
  const at = stamp(deps);
  const basis = referralBasis(asked, asked.inHouse ? [] : await listConsents(deps.db, child.childId), actor, { day, at: at.at });
  if ('conflict' in basis) throw new RuleViolated(basis.conflict);
  const referral = newReferral(child, asked, basis, actor, day, at);
  const audits = [
    audit('referral.request', child.childId),
    ...(basis.kind === 'override' ? [{ ...audit('referral.override', child.childId), reason: basis.reason }] : []),
  ];
  const result = await saveNewReferral(deps.db, referral, audits, { status: 201, body: referral }, idempotency);
  if ('refusal' in result) {
    if (result.refusal === 'consentWithdrawn') throw new RuleViolated('The referral consent was withdrawn meanwhile; nothing was referred.');
    throw unknownMunicipality();
  }
  return { ...result.answer, replayed: result.replayed };
}
