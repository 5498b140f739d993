import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type CryptoKey } from 'jose';
import { claimsFor, type Principal } from '../../../lib/auth/principal';

/**
 * The user pool as the functions meet it: a JWKS served over HTTP at the path Cognito publishes it, and ID tokens
 * shaped like Cognito's (RS256 with a `kid`, `token_use: id`, `cognito:groups`, custom attributes), issued for the
 * pool's issuer and the app client as audience.
 */
export class TokenIssuerStandIn {
  /** Every member of staff a token was issued for: the user pool's users, as the Cognito stand-in answers them. */
  readonly users = new Map<string, Principal>();

  private constructor(
    private readonly server: Server,
    private readonly privateKey: CryptoKey,
    private readonly kid: string,
    /** `iss` of the tokens: the pool's issuer URL, as the template gives AUTH_ISSUER. */
    readonly issuer: string,
    readonly audience: string,
    /** Where the JWKS is served: AUTH_JWKS_URL points here instead of Cognito's host. */
    readonly jwksUrl: string,
  ) {}

  static async start(issuer: string, audience: string): Promise<TokenIssuerStandIn> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk: JWK = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    const jwks = JSON.stringify({ keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] });
    const jwksPath = `${new URL(issuer).pathname}/.well-known/jwks.json`;
    const server = createServer((request, response) => {
      if (request.url !== jwksPath) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TokenIssuerStandIn(server, privateKey, kid, issuer, audience, `http://127.0.0.1:${port}${jwksPath}`);
  }

  async idToken(principal: Principal): Promise<string> {
    this.users.set(principal.sub, principal);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      ...claimsFor(principal),
      'cognito:username': principal.sub,
      email: `${principal.sub}@example.org`,
      email_verified: true,
      auth_time: now,
      event_id: randomUUID(),
      origin_jti: randomUUID(),
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(principal.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(this.privateKey);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
