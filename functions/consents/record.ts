import { routes } from '../../lib/api/routes';
import { saveConsent } from '../../lib/data/consents';
import { stamp, today } from '../../lib/deps';
import { consentViolations, recordConsent } from '../../lib/domain/consent';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest } from '../../lib/http/problems';

export const handler = httpHandler(routes.recordConsent, async ({ body, principal, records: { child }, audit, deps }) => {
  const violations = consentViolations(body, child, today(deps));
  if (violations.length > 0) throw new BadRequest(violations);
  const consent = recordConsent(child, body, { by: principal.sub, role: principal.role }, stamp(deps));
  await saveConsent(deps.db, consent, audit('consent.record', child.childId), 'new');
  return { status: 201, body: consent };
});
