import { routes } from '../../lib/api/routes';
import { listConsents, saveConsent } from '../../lib/data/consents';
import { stamp, today } from '../../lib/deps';
import { childAfterConsents, consentViolations, recordConsent } from '../../lib/domain/consent';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest } from '../../lib/http/problems';

export const handler = httpHandler(routes.recordConsent, async ({ body, principal, records: { child }, audit, deps }) => {
  const day = today(deps);
  const violations = consentViolations(body, child, day);
  if (violations.length > 0) throw new BadRequest(violations);
  const at = stamp(deps);
  const consent = recordConsent(child, body, { by: principal.sub, role: principal.role }, at);
  // Municipal sharing given again restores what officers see of the child.
  const changed = body.scope === 'municipal_sharing' ? childAfterConsents(child, [...(await listConsents(deps.db, child.childId)), consent], { day, at: at.at }) : undefined;
  await saveConsent(deps.db, consent, audit('consent.record', child.childId), 'new', changed && { changed, versionRead: child.version });
  return { status: 201, body: consent };
});
