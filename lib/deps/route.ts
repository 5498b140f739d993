import { cognitoDirectory } from '../auth/cognito-directory';
import type { Directory } from '../auth/directory';
import { createTokenVerifier, remoteKeys } from '../auth/tokens';
import { systemClock } from '../clock';
import { authConfig, jwksUrl, loadConfig, userPoolId } from '../config';
import type { Deps } from '../deps';
import { dbFrom } from './dynamodb';

/** The directory of a function that was not given one: a route that uses it must declare so (`uses: ['directory']`). */
const notGivenDirectory: Directory = {
  find: () => Promise.reject(new Error('this function was not given the directory (USER_POOL_ID)')),
};

function directoryFrom(env: NodeJS.ProcessEnv): Directory {
  const pool = userPoolId(env);
  return pool ? cognitoDirectory(pool) : notGivenDirectory;
}

/** An authenticated route's dependencies: the table, the whole programme, the user pool's token keys and directory. */
export function routeDeps(env: NodeJS.ProcessEnv): Deps {
  return {
    config: loadConfig(env),
    clock: systemClock,
    db: dbFrom(env),
    verifyToken: createTokenVerifier({ ...authConfig(env), keys: remoteKeys(jwksUrl(env)) }),
    directory: directoryFrom(env),
  };
}
