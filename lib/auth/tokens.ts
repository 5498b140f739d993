import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { Unauthorized } from '../http/problems';
import { principalFromClaims, type Principal } from './principal';

export type TokenVerifier = (token: string) => Promise<Principal>;

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Cognito's published JWKS in the cloud; the dev issuer's public keys locally. */
  keys: JWTVerifyGetKey;
}

/**
 * Verifies signature, algorithm, issuer, audience and validity period against real time (not the
 * adjustable domain clock: moving the demo clock must not extend a token's life), then maps the claims.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  return async (token) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: 30,
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new Unauthorized('The bearer token is not valid.');
      throw error;
    }
    const principal = principalFromClaims(payload);
    if ('invalid' in principal) throw new Unauthorized(`The bearer token is not valid: ${principal.invalid}.`);
    return principal;
  };
}

export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl));
}

/** The token of an `Authorization: Bearer …` header; the scheme name is case-insensitive (RFC 9110). */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new Unauthorized();
  return match[1];
}
