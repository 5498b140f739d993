import { claimsFor, principalFromClaims, type Principal } from '../../../lib/auth/principal';

const base = { sub: 'worker-1', token_use: 'id' };

describe('principalFromClaims: a principal needs exactly one role, and the scope that role needs', () => {
  it.each<[string, Record<string, unknown>, Principal]>([
    ['social_worker with an organisation', { ...base, 'cognito:groups': ['social_worker'], 'custom:organisationId': 'org-1' }, { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' }],
    ['supervisor with an organisation', { ...base, 'cognito:groups': ['supervisor'], 'custom:organisationId': 'org-1' }, { role: 'supervisor', sub: 'worker-1', organisationId: 'org-1' }],
    ['municipal_officer with municipalities', { ...base, 'cognito:groups': ['municipal_officer'], 'custom:municipalityIds': 'skopje,bitola' }, { role: 'municipal_officer', sub: 'worker-1', municipalityIds: ['skopje', 'bitola'] }],
    ['evaluator', { ...base, 'cognito:groups': ['evaluator'] }, { role: 'evaluator', sub: 'worker-1' }],
    ['admin', { ...base, 'cognito:groups': ['admin'] }, { role: 'admin', sub: 'worker-1' }],
  ])('a %s token makes that principal', (_what, claims, expected) => {
    expect(principalFromClaims(claims)).toEqual(expected);
  });

  it('an evaluator or admin token does not carry an organisation or municipalities into the principal', () => {
    expect(
      principalFromClaims({ ...base, 'cognito:groups': ['evaluator'], 'custom:organisationId': 'org-1', 'custom:municipalityIds': 'skopje' }),
    ).toEqual({ role: 'evaluator', sub: 'worker-1' });
  });

  it('groups that are not roles are ignored (other user-pool groups may exist)', () => {
    expect(principalFromClaims({ ...base, 'cognito:groups': ['beta-testers', 'admin'] })).toEqual({ role: 'admin', sub: 'worker-1' });
  });

  it.each([
    ['no role group', []],
    ['only groups that are not roles', ['beta-testers']],
    ['two roles', ['social_worker', 'supervisor']],
    ['two roles, one of them admin', ['evaluator', 'admin']],
  ])('%s is rejected: a token must carry exactly one role', (_what, groups) => {
    expect(principalFromClaims({ ...base, 'cognito:groups': groups, 'custom:organisationId': 'org-1' })).toEqual({
      invalid: 'token must carry exactly one role',
    });
  });

  it.each(['social_worker', 'supervisor'])('a %s token without an organisation is rejected', (role) => {
    expect(principalFromClaims({ ...base, 'cognito:groups': [role] })).toEqual({ invalid: `a ${role} token must name an organisation` });
  });

  it('an empty organisation is rejected (malformed: not an organisation code)', () => {
    expect(principalFromClaims({ ...base, 'cognito:groups': ['social_worker'], 'custom:organisationId': '' })).toHaveProperty('invalid');
  });

  it('an organisation id outside the code alphabet is rejected', () => {
    expect(principalFromClaims({ ...base, 'cognito:groups': ['supervisor'], 'custom:organisationId': 'org 1' })).toEqual({
      invalid: 'token claims are malformed',
    });
    expect(principalFromClaims({ ...base, 'cognito:groups': ['supervisor'], 'custom:organisationId': 'o'.repeat(65) })).toEqual({
      invalid: 'token claims are malformed',
    });
  });

  describe('municipalityIds is a comma-separated list', () => {
    const officer = (ids: unknown) => principalFromClaims({ ...base, 'cognito:groups': ['municipal_officer'], 'custom:municipalityIds': ids });

    it('one municipality', () => {
      expect(officer('skopje')).toEqual({ role: 'municipal_officer', sub: 'worker-1', municipalityIds: ['skopje'] });
    });

    it('several municipalities keep their order', () => {
      expect(officer('skopje,bitola,ohrid')).toMatchObject({ municipalityIds: ['skopje', 'bitola', 'ohrid'] });
    });

    it('empty items (a trailing or doubled comma) are dropped', () => {
      expect(officer('skopje,,bitola,')).toMatchObject({ municipalityIds: ['skopje', 'bitola'] });
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['only commas', ',,'],
    ])('%s municipalities are rejected', (_what, ids) => {
      expect(officer(ids)).toEqual({ invalid: 'a municipal_officer token must name valid municipalities' });
    });

    it.each([
      ['a space after the comma', 'skopje, bitola'],
      ['a slash', 'skopje/bitola'],
      ['a code longer than 64', 'm'.repeat(65)],
    ])('an invalid municipality code (%s) rejects the whole token', (_what, ids) => {
      expect(officer(ids)).toEqual({ invalid: 'a municipal_officer token must name valid municipalities' });
    });

    it('the whole claim is at most 2048 characters', () => {
      const ids = Array.from({ length: 300 }, (_, i) => `municipality-${i}`).join(',');
      expect(ids.length).toBeGreaterThan(2048);
      expect(officer(ids)).toEqual({ invalid: 'token claims are malformed' });
    });

    it('a list instead of a comma-separated string is malformed', () => {
      expect(officer(['skopje'])).toEqual({ invalid: 'token claims are malformed' });
    });
  });

  describe("token_use must be 'id': an access token is not accepted", () => {
    it.each([['access'], [''], ['ID']])('token_use %j is rejected', (tokenUse) => {
      expect(principalFromClaims({ ...base, token_use: tokenUse, 'cognito:groups': ['admin'] })).toEqual({ invalid: 'token claims are malformed' });
    });

    it('a missing token_use is rejected', () => {
      expect(principalFromClaims({ sub: 'a', 'cognito:groups': ['admin'] })).toEqual({ invalid: 'token claims are malformed' });
    });
  });

  describe('claims of the wrong type or shape are rejected as malformed', () => {
    it.each<[string, Record<string, unknown>]>([
      ['groups as a string', { ...base, 'cognito:groups': 'admin' }],
      ['groups missing', { ...base }],
      ['a group that is not a string', { ...base, 'cognito:groups': ['admin', 7] }],
      ['sub as a number', { ...base, sub: 42, 'cognito:groups': ['admin'] }],
      ['sub missing', { token_use: 'id', 'cognito:groups': ['admin'] }],
      ['an empty sub', { ...base, sub: '', 'cognito:groups': ['admin'] }],
      ['a sub with a space', { ...base, sub: 'a b', 'cognito:groups': ['admin'] }],
      ['a sub with a slash', { ...base, sub: 'a/b', 'cognito:groups': ['admin'] }],
      ['a sub longer than 128', { ...base, sub: 'a'.repeat(129), 'cognito:groups': ['admin'] }],
      ['organisation as a number', { ...base, 'cognito:groups': ['supervisor'], 'custom:organisationId': 1 }],
      ['municipalities as a number', { ...base, 'cognito:groups': ['municipal_officer'], 'custom:municipalityIds': 5 }],
    ])('%s', (_what, claims) => {
      expect(principalFromClaims(claims)).toEqual({ invalid: 'token claims are malformed' });
    });

    it.each([[null], [undefined], ['a string'], [42], [[]]])('a payload %j that is not an object', (payload) => {
      expect(principalFromClaims(payload)).toEqual({ invalid: 'token claims are malformed' });
    });
  });

  it('a sub may hold the characters of e-mail addresses and Cognito ids (. _ : @ -)', () => {
    expect(principalFromClaims({ ...base, sub: 'eu-central-1:ana.p_1@example.org', 'cognito:groups': ['admin'] })).toEqual({
      role: 'admin',
      sub: 'eu-central-1:ana.p_1@example.org',
    });
  });
});

describe('claimsFor: the claims the dev issuer mints round-trip to the same principal', () => {
  it.each<[Principal]>([
    [{ role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' }],
    [{ role: 'supervisor', sub: 'sup-1', organisationId: 'org-1' }],
    [{ role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje', 'bitola'] }],
    [{ role: 'evaluator', sub: 'eval-1' }],
    [{ role: 'admin', sub: 'admin-1' }],
  ])('%j', (principal) => {
    const claims = claimsFor(principal);
    expect(claims.token_use).toBe('id');
    expect(claims['cognito:groups']).toEqual([principal.role]);
    expect(principalFromClaims(claims)).toEqual(principal);
  });
});
