import * as z from 'zod';

export const ROLES = ['social_worker', 'supervisor', 'municipal_officer', 'evaluator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PrincipalIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only');
export const OrganisationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an organisation code: letters, digits, _ and -, at most 64');
export const MunicipalityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a municipality code: letters, digits, _ and -, at most 64');

/** Who is calling, as established from a verified token. */
export type Principal =
  | { role: 'social_worker' | 'supervisor'; sub: string; organisationId: string }
  | { role: 'municipal_officer'; sub: string; municipalityIds: string[] }
  | { role: 'evaluator' | 'admin'; sub: string };

/**
 * The claims of a Cognito ID token: roles are user-pool groups, organisation and municipalities are custom
 * attributes (strings, so the municipalities are comma-separated). The local dev issuer mints the same
 * shape, so one parser serves both.
 */
const claimsSchema = z.object({
  sub: PrincipalIdSchema,
  token_use: z.literal('id'),
  'cognito:groups': z.array(z.string()),
  'custom:organisationId': OrganisationIdSchema.optional(),
  'custom:municipalityIds': z.string().max(2048).optional(),
});

export type TokenClaims = z.input<typeof claimsSchema>;

export function claimsFor(principal: Principal): TokenClaims {
  return {
    sub: principal.sub,
    token_use: 'id',
    'cognito:groups': [principal.role],
    ...('organisationId' in principal ? { 'custom:organisationId': principal.organisationId } : {}),
    ...('municipalityIds' in principal ? { 'custom:municipalityIds': principal.municipalityIds.join(',') } : {}),
  };
}

export const isRole = (group: string): group is Role => (ROLES as readonly string[]).includes(group);

/** Returns the principal, or a reason the claims do not make one. */
export function principalFromClaims(payload: unknown): Principal | { invalid: string } {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) return { invalid: 'token claims are malformed' };
  const claims = parsed.data;
  const roles = claims['cognito:groups'].filter(isRole);
  if (roles.length !== 1) return { invalid: 'token must carry exactly one role' };
  const role = roles[0] as Role;
  switch (role) {
    case 'social_worker':
    case 'supervisor': {
      const organisationId = claims['custom:organisationId'];
      if (!organisationId) return { invalid: `a ${role} token must name an organisation` };
      return { role, sub: claims.sub, organisationId };
    }
    case 'municipal_officer': {
      const ids = (claims['custom:municipalityIds'] ?? '').split(',').filter((id) => id !== '');
      if (ids.length === 0 || !ids.every((id) => MunicipalityIdSchema.safeParse(id).success)) {
        return { invalid: 'a municipal_officer token must name valid municipalities' };
      }
      return { role, sub: claims.sub, municipalityIds: ids };
    }
    case 'evaluator':
    case 'admin':
      return { role, sub: claims.sub };
  }
}
