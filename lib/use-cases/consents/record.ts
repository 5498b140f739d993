import { listConsents, saveConsent } from '../../data/consents';
import { stamp, today, type Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { childAfterConsents, consentViolations, recordConsent as newConsent, type ConsentInput } from '../../domain/consent';
import { InvalidInput } from '../../domain/errors';
import type { Caller } from '../caller';

/** Records a consent; municipal sharing given again restores what officers see of the child. */
export async function recordConsent(deps: Deps, input: Caller & { child: Checked<Child>; consent: ConsentInput }) {
  const { principal, audit, child, consent: asked } = input;
  const day = today(deps);
  const violations = consentViolations(asked, child, day);
  if (violations.length > 0) throw new InvalidInput(violations);
  const at = stamp(deps);
  const consent = newConsent(child, asked, { by: principal.sub, role: principal.role }, at);
  const changed =
    asked.scope === 'municipal_sharing' ? childAfterConsents(child, [...(await listConsents(deps.db, child.childId)), consent], { day, at: at.at }) : undefined;
  await saveConsent(deps.db, consent, audit('consent.record', child.childId), 'new', changed && { changed, versionRead: child.version });
  return consent;
}
