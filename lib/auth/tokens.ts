import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Unauthorized } from '../http/problems';
import { principalFromClaims, type Principal } from './principal';

export type TokenVerifier = (token: string) => Promise<Principal>;

/**
 * The longest a token may be valid, from `iat` to `exp`: 24 hours, the longest ID-token validity Cognito can be
 * configured with (the dev issuer's longest is the same). A longer-lived token was not minted by either, or was
 * minted by a misconfigured or compromised issuer; refusing it bounds how long a leaked token works.
 */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/** Seconds of clock difference allowed between the issuer and this function, for `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_SECONDS = 30;

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Cognito's published JWKS in the cloud; the dev issuer's public keys locally. */
  keys: JWTVerifyGetKey;
  /** The longest `exp − iat` accepted; default DEFAULT_MAX_TOKEN_LIFETIME_SECONDS (24 h). */
  maxLifetimeSeconds?: number;
}

/**
 * How many verified tokens a container keeps. A client sends the same ID token with every request until it expires,
 * and checking its RS256 signature again cost more CPU than the rest of a read (issue 19); a thousand tokens are a
 * few hundred kilobytes.
 */
const VERIFIED_TOKENS_KEPT = 1_000;

interface Verified {
  principal: Principal;
  exp: number;
}

/**
 * Verifies signature, algorithm, issuer, audience and validity period against real time (not the
 * adjustable domain clock: moving the demo clock must not extend a token's life), then maps the claims.
 * A token issued in the future (beyond the clock tolerance) or valid for longer than the maximum lifetime is
 * refused too: jose checks neither unless asked, and either one lets a token outlive what its issuer meant.
 *
 * A token verified once is remembered, byte for byte, until it expires: the same string carries the same signature
 * and claims, so only its expiry can change the answer, and that is checked on every request. A key withdrawn from the
 * key set stops new tokens at once; a token it signed and this container already verified lives out its expiry, as a
 * token handed to any other holder would (at most the maximum lifetime).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const verified = new Map<string, Verified>();

  const verifyAnew = async (token: string): Promise<Verified> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new Unauthorized('The bearer token is not valid.');
      throw error;
    }
    const { iat, exp } = payload;
    // jose has already required both as NumericDates; the check narrows the types.
    if (typeof iat !== 'number' || typeof exp !== 'number') throw new Unauthorized('The bearer token is not valid.');
    if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
      throw new Unauthorized('The bearer token is not valid: it was issued in the future.');
    }
    if (exp - iat > maxLifetime) {
      throw new Unauthorized('The bearer token is not valid: it is valid for longer than a token may be.');
    }
    const principal = principalFromClaims(payload);
    if ('invalid' in principal) throw new Unauthorized(`The bearer token is not valid: ${principal.invalid}.`);
    return { principal: Object.freeze(principal), exp };
  };

  return async (token) => {
    const known = verified.get(token);
    if (known && Date.now() / 1000 <= known.exp + CLOCK_TOLERANCE_SECONDS) return known.principal;
    verified.delete(token);
    const fresh = await verifyAnew(token);
    // The oldest verified first out: a Map iterates in insertion order.
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value ?? '');
    verified.set(token, fresh);
    return fresh.principal;
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
