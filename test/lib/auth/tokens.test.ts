import { createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { claimsFor, type Principal, type TokenClaims } from '../../../lib/auth/principal';
import { bearerToken, createTokenVerifier, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, type TokenVerifier } from '../../../lib/auth/tokens';
import { createDevIssuer } from '../../../local/dev-issuer';
import { HttpProblem, Unauthorized } from '../../../lib/http/problems';

const ISSUER = 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_TEST';
const AUDIENCE = 'client-abc';
const KID = 'key-1';
const worker: Principal = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' };

let trustedKey: CryptoKey;
let publicJwk: JWK;
let publicPem: string;
let strangerKey: CryptoKey;
let verify: TokenVerifier;

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  const trusted = await generateKeyPair('RS256', { extractable: true });
  trustedKey = trusted.privateKey;
  publicJwk = { ...(await exportJWK(trusted.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  publicPem = await exportSPKI(trusted.publicKey);
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  verify = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: createLocalJWKSet({ keys: [publicJwk] }) });
});

interface TokenOptions {
  claims?: TokenClaims | Record<string, unknown>;
  key?: CryptoKey | Uint8Array;
  alg?: string;
  kid?: string;
  issuer?: string;
  audience?: string;
  iat?: number | null;
  exp?: number | null;
  nbf?: number;
}

/** A Cognito-shaped ID token, valid unless an option says otherwise (null leaves a claim out). */
async function token(options: TokenOptions = {}): Promise<string> {
  const t = now();
  const payload: JWTPayload = { ...(options.claims ?? claimsFor(worker)) };
  const iat = options.iat === undefined ? t : options.iat;
  const exp = options.exp === undefined ? t + 3600 : options.exp;
  if (iat !== null) payload.iat = iat;
  if (exp !== null) payload.exp = exp;
  if (options.nbf !== undefined) payload.nbf = options.nbf;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? KID, typ: 'JWT' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .sign(options.key ?? trustedKey);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function rejection(promise: Promise<unknown>): Promise<HttpProblem> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected the token to be rejected');
}

async function expectUnauthorized(promise: Promise<unknown>): Promise<HttpProblem> {
  const problem = await rejection(promise);
  expect(problem).toBeInstanceOf(Unauthorized);
  expect(problem.status).toBe(401);
  expect(problem.headers).toEqual({ 'www-authenticate': 'Bearer' });
  return problem;
}

describe('createTokenVerifier: accepts only an unexpired RS256 ID token of our issuer and audience, signed by a published key', () => {
  it('accepts a good token and maps its claims to the principal', async () => {
    await expect(verify(await token())).resolves.toEqual(worker);
  });

  it.each<[Principal]>([
    [{ role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje', 'bitola'] }],
    [{ role: 'evaluator', sub: 'eval-1' }],
  ])('accepts %j', async (principal) => {
    await expect(verify(await token({ claims: claimsFor(principal) }))).resolves.toEqual(principal);
  });

  it('accepts a token without a kid when the key set holds one matching key', async () => {
    const t = now();
    const noKid = await new SignJWT({ ...claimsFor(worker), iat: t, exp: t + 600 })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(trustedKey);
    await expect(verify(noKid)).resolves.toEqual(worker);
  });

  it('rejects an expired token', async () => {
    await expectUnauthorized(verify(await token({ iat: now() - 7200, exp: now() - 3600 })));
  });

  it('rejects a token expired more than the 30 s clock tolerance ago', async () => {
    await expectUnauthorized(verify(await token({ iat: now() - 600, exp: now() - 60 })));
  });

  it('still accepts a token expired within the 30 s clock tolerance', async () => {
    await expect(verify(await token({ iat: now() - 600, exp: now() - 10 }))).resolves.toEqual(worker);
  });

  it('rejects a token that is not yet valid (nbf in the future)', async () => {
    await expectUnauthorized(verify(await token({ nbf: now() + 600 })));
  });

  it('rejects a token signed with another key under the published kid', async () => {
    await expectUnauthorized(verify(await token({ key: strangerKey })));
  });

  it('rejects a token signed with another key under an unknown kid', async () => {
    await expectUnauthorized(verify(await token({ key: strangerKey, kid: 'attacker' })));
  });

  it('rejects an unsecured token (alg none, no signature)', async () => {
    const t = now();
    const header = b64url({ alg: 'none', typ: 'JWT' });
    const payload = b64url({ ...claimsFor(worker), iss: ISSUER, aud: AUDIENCE, iat: t, exp: t + 600 });
    await expectUnauthorized(verify(`${header}.${payload}.`));
  });

  it('rejects alg none even when it names the published kid', async () => {
    const t = now();
    const header = b64url({ alg: 'none', kid: KID });
    const payload = b64url({ ...claimsFor(worker), iss: ISSUER, aud: AUDIENCE, iat: t, exp: t + 600 });
    await expectUnauthorized(verify(`${header}.${payload}.`));
  });

  it('rejects an HS256 token whose HMAC secret is the public key (algorithm confusion)', async () => {
    const forged = await token({ alg: 'HS256', key: new TextEncoder().encode(publicPem) });
    await expectUnauthorized(verify(forged));
  });

  it('rejects an HS256 token whose HMAC secret is the public JWK modulus', async () => {
    const forged = await token({ alg: 'HS256', key: new TextEncoder().encode(publicJwk.n) });
    await expectUnauthorized(verify(forged));
  });

  it('rejects a token of another issuer', async () => {
    await expectUnauthorized(verify(await token({ issuer: 'https://evil.example.com' })));
  });

  it('rejects a token for another audience (another app client)', async () => {
    await expectUnauthorized(verify(await token({ audience: 'another-client' })));
  });

  it('rejects a token without exp', async () => {
    await expectUnauthorized(verify(await token({ exp: null })));
  });

  it('rejects a token without iat', async () => {
    await expectUnauthorized(verify(await token({ iat: null })));
  });

  it('rejects a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await token()).split('.');
    const t = now();
    const payload = b64url({ ...claimsFor({ role: 'admin', sub: 'worker-1' }), iss: ISSUER, aud: AUDIENCE, iat: t, exp: t + 600 });
    await expectUnauthorized(verify(`${header}.${payload}.${signature}`));
  });

  it.each([
    ['an empty token', ''],
    ['a token that is not a JWT', 'not-a-jwt'],
    ['two segments only', 'aGVhZGVy.cGF5bG9hZA'],
  ])('rejects %s', async (_what, value) => {
    await expectUnauthorized(verify(value));
  });

  it('rejects a well-signed token whose claims make no principal, saying why', async () => {
    const problem = await expectUnauthorized(verify(await token({ claims: { ...claimsFor(worker), 'cognito:groups': ['social_worker', 'admin'] } })));
    expect(problem.detail).toContain('exactly one role');
  });

  it('rejects a well-signed access token (token_use access)', async () => {
    await expectUnauthorized(verify(await token({ claims: { ...claimsFor(worker), token_use: 'access' } })));
  });
});

describe('bearerToken: the Authorization header must be "Bearer <token>"', () => {
  it('returns the token of a Bearer header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
  });

  it('reads the scheme name case-insensitively, as HTTP defines it', () => {
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('BEARER abc.def.ghi')).toBe('abc.def.ghi');
  });

  it('keeps base64url and base64 characters and trailing padding', () => {
    expect(bearerToken('Bearer a-b_c.d+e/f~g=')).toBe('a-b_c.d+e/f~g=');
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['"Bearer" without a token', 'Bearer'],
    ['"Bearer " with an empty token', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['two spaces', 'Bearer  abc.def.ghi'],
    ['a space inside the token', 'Bearer abc def'],
    ['a token followed by more text', 'Bearer abc.def.ghi extra'],
  ])('%s is 401 Unauthorized', (_what, header) => {
    let thrown: unknown;
    try {
      bearerToken(header);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Unauthorized);
    expect((thrown as Unauthorized).status).toBe(401);
  });
});

describe('a token issued in the future, or valid for longer than the maximum lifetime (default 24 h), is refused', () => {
  it('the default maximum lifetime is 24 hours', () => {
    expect(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS).toBe(86_400);
  });

  it('rejects a token whose iat is ten minutes in the future', async () => {
    const problem = await expectUnauthorized(verify(await token({ iat: now() + 600, exp: now() + 3600 })));
    expect(problem.detail).toContain('issued in the future');
  });

  it('rejects a token whose iat is just past the 30 s clock tolerance', async () => {
    await expectUnauthorized(verify(await token({ iat: now() + 45, exp: now() + 3600 })));
  });

  it('still accepts a token whose iat is ahead within the 30 s clock tolerance (the issuer’s clock runs fast)', async () => {
    await expect(verify(await token({ iat: now() + 10, exp: now() + 3600 }))).resolves.toEqual(worker);
  });

  it('rejects a token valid for 25 hours (exp − iat over 24 h)', async () => {
    const problem = await expectUnauthorized(verify(await token({ iat: now(), exp: now() + 25 * 3600 })));
    expect(problem.detail).toContain('longer than a token may be');
  });

  it('rejects a token issued long ago with a far expiry, even though it has not expired', async () => {
    await expectUnauthorized(verify(await token({ iat: now() - 3600, exp: now() + 365 * 86_400 })));
  });

  it('accepts a token valid for exactly 24 hours (the longest Cognito and the dev issuer mint)', async () => {
    const t = now();
    await expect(verify(await token({ iat: t, exp: t + 86_400 }))).resolves.toEqual(worker);
  });

  it('the maximum is an option of the verifier: with 1 hour, a 2-hour token is refused and a 1-hour one accepted', async () => {
    const strict = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: createLocalJWKSet({ keys: [publicJwk] }), maxLifetimeSeconds: 3600 });
    const t = now();
    await expectUnauthorized(strict(await token({ iat: t, exp: t + 7200 })));
    await expect(strict(await token({ iat: t, exp: t + 3600 }))).resolves.toEqual(worker);
  });

  it('the dev issuer’s longest token (24 h) is accepted by the default verifier', async () => {
    const issuer = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const devVerify = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: issuer.keys });
    const { token: devToken } = await issuer.issue(worker, 86_400);
    await expect(devVerify(devToken)).resolves.toEqual(worker);
  });
});

describe('createTokenVerifier remembers a verified token until it expires (issue 19: no signature check per request)', () => {
  /** The key set, counting how often a signature had to be checked against it. */
  const countingKeys = () => {
    const keys = createLocalJWKSet({ keys: [publicJwk] });
    const counted = { lookups: 0 };
    const getKey: JWTVerifyGetKey = (...args) => {
      counted.lookups += 1;
      return keys(...args);
    };
    return { counted, verifier: createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: getKey }) };
  };

  it('checks the signature of a token once, and answers the same principal for it after', async () => {
    const { counted, verifier } = countingKeys();
    const good = await token();
    await expect(verifier(good)).resolves.toEqual(worker);
    await expect(verifier(good)).resolves.toEqual(worker);
    expect(counted.lookups).toBe(1);
  });

  it('refuses a remembered token once it has expired beyond the clock tolerance', async () => {
    const { verifier } = countingKeys();
    const shortLived = await token({ exp: now() + 60 });
    await expect(verifier(shortLived)).resolves.toEqual(worker);
    // Only the wall clock moves on, past expiry and tolerance; jose reads it too.
    jest.useFakeTimers({ now: Date.now() + 91_000, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'] });
    try {
      await expectUnauthorized(verifier(shortLived));
    } finally {
      jest.useRealTimers();
    }
  });

  it('never remembers a refused token: a token changed after signing is refused every time', async () => {
    const { verifier } = countingKeys();
    const [header, , signature] = (await token()).split('.');
    const forged = `${header}.${b64url({ ...claimsFor(supervisorOf('org-1')), iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600 })}.${signature}`;
    await expectUnauthorized(verifier(forged));
    await expectUnauthorized(verifier(forged));
  });

  it('a remembered principal cannot be changed by the code it is handed to', async () => {
    const { verifier } = countingKeys();
    const good = await token();
    const principal = await verifier(good);
    expect(() => Object.assign(principal, { role: 'admin' })).toThrow(TypeError);
    await expect(verifier(good)).resolves.toEqual(worker);
  });
});

const supervisorOf = (organisationId: string): Principal => ({ role: 'supervisor', sub: 'boss-1', organisationId });
