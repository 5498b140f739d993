import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Directory } from './directory';
import { isRole } from './principal';

/**
 * The Cognito client is loaded on the first lookup, not with the function: few routes ask the directory, and loading
 * the client cost every route's cold start tens of milliseconds (issue 19). The bundles turn this import into a
 * `require` on first use (`supported: { 'dynamic-import': false }` in infra/constructs/product-function.ts).
 */
const cognitoSdk = () => import('@aws-sdk/client-cognito-identity-provider');

/**
 * The user pool as the directory. Users sign in with their e-mail as an alias, so a user's username is their `sub`
 * (infra/constructs/identity.ts). The role is their group (as in their ID token), the organisation their custom
 * attribute; a disabled user is nobody. Two calls, both granted on this one pool only (`bindDirectory`).
 */
export function cognitoDirectory(userPoolId: string, given?: CognitoIdentityProviderClient): Directory {
  let client = given;
  return {
    async find(sub) {
      const sdk = await cognitoSdk();
      client ??= new sdk.CognitoIdentityProviderClient({});
      try {
        const [user, groups] = await Promise.all([
          client.send(new sdk.AdminGetUserCommand({ UserPoolId: userPoolId, Username: sub })),
          client.send(new sdk.AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: sub })),
        ]);
        if (user.Enabled === false) return undefined;
        const role = (groups.Groups ?? []).map((group) => group.GroupName ?? '').find(isRole);
        if (!role) return undefined;
        const organisationId = user.UserAttributes?.find((attribute) => attribute.Name === 'custom:organisationId')?.Value;
        return { sub, role, ...(organisationId ? { organisationId } : {}) };
      } catch (error) {
        if (error instanceof sdk.UserNotFoundException) return undefined;
        throw error;
      }
    },
  };
}
