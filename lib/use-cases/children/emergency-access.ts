import type { CaseManager } from '../../auth/scope';
import { grantEmergencyAccess as saveGrant } from '../../data/emergency-access';
import { stamp, type Deps } from '../../deps';
import type { Child, Stamp } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import type { Caller } from '../caller';

/**
 * A supervisor's emergency access to a child of another organisation (DESIGN.md v2), until `hours` after it was
 * granted. `expiresAt` is in epoch seconds, the unit DynamoDB's TTL reads; `expiresOn` says the same instant to people.
 */
export function emergencyGrant(
  child: Pick<Child, 'childId' | 'organisationId'>,
  supervisor: { sub: string; organisationId: string },
  reason: string,
  at: Pick<Stamp, 'at' | 'newId'>,
  hours: number,
) {
  const expiresMs = Date.parse(at.at) + hours * 3_600_000;
  const grant = {
    grantId: at.newId(),
    supervisorId: supervisor.sub,
    supervisorOrganisationId: supervisor.organisationId,
    childId: child.childId,
    childOrganisationId: child.organisationId,
    reason,
    grantedAt: at.at,
    expiresAt: Math.ceil(expiresMs / 1000),
  };
  return { grant, expiresOn: new Date(expiresMs).toISOString() };
}

/** Grants the access, audited with its reason; answers the grant with its expiry as a timestamp. */
export async function grantEmergencyAccess(deps: Deps, input: Caller<CaseManager> & { child: Checked<Child>; reason: string }) {
  const { principal, audit, child, reason } = input;
  const { grant, expiresOn } = emergencyGrant(child, principal, reason, stamp(deps), deps.config.emergencyAccessHours);
  await saveGrant(deps.db, grant, { ...audit('emergency.access', child.childId), reason });
  return { ...grant, expiresAt: expiresOn };
}
