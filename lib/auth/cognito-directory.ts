import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Directory } from './directory';
import { isRole } from './principal';

/**
 * The user pool as the directory. Users sign in with their e-mail as an alias, so a user's username is their `sub`
 * (infra/constructs/identity.ts). The role is their group (as in their ID token), the organisation their custom
 * attribute; a disabled user is nobody. Two calls, both granted on this one pool only (`bindDirectory`).
 */
export function cognitoDirectory(client: CognitoIdentityProviderClient, userPoolId: string): Directory {
  return {
    async find(sub) {
      try {
        const [user, groups] = await Promise.all([
          client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: sub })),
          client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: sub })),
        ]);
        if (user.Enabled === false) return undefined;
        const role = (groups.Groups ?? []).map((group) => group.GroupName ?? '').find(isRole);
        if (!role) return undefined;
        const organisationId = user.UserAttributes?.find((attribute) => attribute.Name === 'custom:organisationId')?.Value;
        return { sub, role, ...(organisationId ? { organisationId } : {}) };
      } catch (error) {
        if (error instanceof UserNotFoundException) return undefined;
        throw error;
      }
    },
  };
}
