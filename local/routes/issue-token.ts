import type * as z from 'zod';
import { localRoutes } from './table';
import type { DevTokenRequestSchema } from './schemas';
import type { Principal } from '../../lib/auth/principal';
import { BadRequest } from '../../lib/http/problems';
import { localRouteHandler } from '../local-route';

type TokenRequest = z.output<typeof DevTokenRequestSchema>;

/** The claims a role needs, as Cognito would hold them for a user of that group. */
function principalOf(request: TokenRequest): Principal {
  const { sub, role, organisationId, municipalityIds } = request;
  switch (role) {
    case 'social_worker':
    case 'supervisor':
      if (!organisationId) throw new BadRequest([{ path: 'body.organisationId', message: `is required for ${role}` }]);
      return { role, sub, organisationId };
    case 'municipal_officer':
      if (!municipalityIds?.length) throw new BadRequest([{ path: 'body.municipalityIds', message: `is required for ${role}` }]);
      return { role, sub, municipalityIds };
    case 'evaluator':
    case 'admin':
      return { role, sub };
  }
}

export const handler = localRouteHandler(localRoutes.issueDevToken, async ({ body }, { issuer }) => {
  const { token, expiresAt } = await issuer.issue(principalOf(body), body.expiresInSeconds);
  return { status: 201, body: { token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString() } };
});
