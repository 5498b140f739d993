import { routes } from '../../lib/api/routes';
import { listConsents, saveConsent } from '../../lib/data/consents';
import { stamp, today } from '../../lib/deps';
import { childAfterConsents, withdrawConsent, withdrawalConflict } from '../../lib/domain/consent';
import { httpHandler } from '../../lib/http/handler';
import { Conflict, NotFound } from '../../lib/http/problems';

export const handler = httpHandler(routes.withdrawConsent, async ({ path, body, principal, records: { child }, audit, deps }) => {
  // Read in the child's own consent partition: a consent of another child is not found, whatever its id.
  const consents = await listConsents(deps.db, child.childId);
  const consent = consents.find((c) => c.consentId === path.consentId);
  if (!consent) throw new NotFound('No such consent.');
  const conflict = withdrawalConflict(consent);
  if (conflict) throw new Conflict(conflict);
  const at = stamp(deps);
  const withdrawn = withdrawConsent(consent, body.reason, { by: principal.sub, role: principal.role }, at);
  const changed = childAfterConsents(child, consents.map((c) => (c === consent ? withdrawn : c)), { day: today(deps), at: at.at });
  await saveConsent(deps.db, withdrawn, audit('consent.withdraw', child.childId), 'notWithdrawn', changed && { changed, versionRead: child.version });
  return { status: 200, body: withdrawn };
});
