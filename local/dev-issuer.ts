import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SignJWT, calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Directory, StaffMember } from '../lib/auth/directory';
import { claimsFor, type Principal } from '../lib/auth/principal';

export interface DevIssuer {
  /** The public keys, for the same verifier the cloud uses with Cognito's JWKS. */
  keys: JWTVerifyGetKey;
  issue(principal: Principal, expiresInSeconds: number): Promise<{ token: string; expiresAt: Date }>;
  /** Locally, the staff are the subjects this issuer issued tokens for, as they were last issued one. */
  directory: Directory;
}

async function createKeyPair(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}

/**
 * A development token issuer shaped like Cognito: RS256, a `kid`, ID-token claims. With `keyFile` the key
 * survives restarts so tokens stay valid; without it (tests) a fresh key lives in memory.
 */
export async function createDevIssuer(options: { issuer: string; audience: string; keyFile?: string; staffFile?: string }): Promise<DevIssuer> {
  const staff = new Map<string, StaffMember>(
    options.staffFile && existsSync(options.staffFile) ? (JSON.parse(readFileSync(options.staffFile, 'utf8')) as Array<[string, StaffMember]>) : [],
  );
  const record = (principal: Principal) => {
    staff.set(principal.sub, { sub: principal.sub, role: principal.role, ...('organisationId' in principal ? { organisationId: principal.organisationId } : {}) });
    if (options.staffFile) writeFileSync(options.staffFile, JSON.stringify([...staff]), { mode: 0o600 });
  };
  let privateJwk: JWK;
  if (options.keyFile && existsSync(options.keyFile)) {
    privateJwk = JSON.parse(readFileSync(options.keyFile, 'utf8')) as JWK;
  } else {
    privateJwk = await createKeyPair();
    if (options.keyFile) writeFileSync(options.keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { kty, n, e, kid, alg } = privateJwk;
  const publicJwk: JWK = { kty, n, e, kid, alg, use: 'sig' };
  const signingKey = await importJWK(privateJwk, 'RS256');

  return {
    keys: createLocalJWKSet({ keys: [publicJwk] }),
    directory: { find: async (sub) => staff.get(sub) },
    async issue(principal, expiresInSeconds) {
      record(principal);
      const issuedAt = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ ...claimsFor(principal) })
        .setProtectedHeader({ alg: 'RS256', kid: kid ?? '', typ: 'JWT' })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + expiresInSeconds)
        .sign(signingKey);
      return { token, expiresAt: new Date((issuedAt + expiresInSeconds) * 1000) };
    },
  };
}
