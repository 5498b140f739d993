import { routes } from '../../lib/api/routes';
import { findConsent, saveConsent } from '../../lib/data/consents';
import { failedConditionIndex } from '../../lib/data/transactions';
import { stamp } from '../../lib/deps';
import { withdrawConsent, withdrawalConflict } from '../../lib/domain/consent';
import { httpHandler } from '../../lib/http/handler';
import { Conflict, NotFound } from '../../lib/http/problems';

export const handler = httpHandler(routes.withdrawConsent, async ({ path, body, principal, records: { child }, audit, deps }) => {
  // Read in the child's own consent partition: a consent of another child is not found, whatever its id.
  const consent = await findConsent(deps.db, child.childId, path.consentId);
  if (!consent) throw new NotFound('No such consent.');
  const conflict = withdrawalConflict(consent);
  if (conflict) throw new Conflict(conflict);
  const withdrawn = withdrawConsent(consent, body.reason, { by: principal.sub, role: principal.role }, stamp(deps));
  try {
    await saveConsent(deps.db, withdrawn, audit('consent.withdraw', child.childId), 'notWithdrawn');
  } catch (error) {
    if (failedConditionIndex(error) === 0) throw new Conflict('This consent was withdrawn meanwhile.');
    throw error;
  }
  return { status: 200, body: withdrawn };
});
