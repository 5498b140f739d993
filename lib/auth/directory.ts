import type { FieldError } from '../http/problems';
import type { Role } from './principal';

/** A member of staff as the identity provider knows them. */
export interface StaffMember {
  sub: string;
  role: Role;
  organisationId?: string;
}

/**
 * Who a member of staff is: the identity provider answers, not a second user table of ours (DESIGN v2, "Reference
 * data and the directory"). Cloud: the Cognito user pool (lib/auth/cognito-directory.ts). Local: the subjects the
 * dev issuer has issued tokens for (local/dev-issuer.ts).
 */
export interface Directory {
  find(sub: string): Promise<StaffMember | undefined>;
}

/** A case goes only to a social worker who exists, of the case's organisation: otherwise 400 at body.caseWorkerId. */
export async function caseWorkerViolation(directory: Directory, caseWorkerId: string, organisationId: string): Promise<FieldError | undefined> {
  const member = await directory.find(caseWorkerId);
  if (member?.role === 'social_worker' && member.organisationId === organisationId) return undefined;
  return { path: 'body.caseWorkerId', message: 'must be a social worker of the case’s organisation' };
}
