import { listConsents, saveConsent } from '../../data/consents';
import { stamp, today, type Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { childAfterConsents, withdrawConsent as withdrawn, withdrawalConflict } from '../../domain/consent';
import { NotFound, RuleViolated } from '../../domain/errors';
import type { Caller } from '../caller';

/** Withdraws one consent of the child; withdrawn municipal sharing hides the child's summary from officers. */
export async function withdrawConsent(deps: Deps, input: Caller & { child: Checked<Child>; consentId: string; reason?: string | undefined }) {
  const { principal, audit, child } = input;
  // Read in the child's own consent partition: a consent of another child is not found, whatever its id.
  const consents = await listConsents(deps.db, child.childId);
  const consent = consents.find((c) => c.consentId === input.consentId);
  if (!consent) throw new NotFound('No such consent.');
  const conflict = withdrawalConflict(consent);
  if (conflict) throw new RuleViolated(conflict);
  const at = stamp(deps);
  const after = withdrawn(consent, input.reason, { by: principal.sub, role: principal.role }, at);
  const changed = childAfterConsents(child, consents.map((c) => (c === consent ? after : c)), { day: today(deps), at: at.at });
  await saveConsent(deps.db, after, audit('consent.withdraw', child.childId), 'notWithdrawn', changed && { changed, versionRead: child.version });
  return after;
}
