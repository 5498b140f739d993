import { routeList } from '../../lib/api/routes';
import type { NamedRoute } from '../../lib/api/route';
import { ROLES, type Principal, type Role } from '../../lib/auth/principal';
import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';

/**
 * The access matrix of DESIGN.md (Who may do what), generated from the route table: every route × every role,
 * and for routes about one record, a caller of the right role but outside the record's scope. A route added to
 * the table without a sample request below fails the first test, so no route escapes the matrix.
 */

let api: TestApi;
const TODAY = '2026-06-20';

beforeAll(async () => {
  api = await startApi();
  await api.setClock(`${TODAY}T09:00:00Z`);
});
afterAll(() => api.close());

/** Callers in scope of the records the samples create: owned by `owner` of org-a, living in skopje. */
const inScope: Record<Role, Principal> = {
  social_worker: worker('owner', 'org-a'),
  supervisor: supervisor('boss-a', 'org-a'),
  municipal_officer: { role: 'municipal_officer', sub: 'officer-skopje', municipalityIds: ['skopje'] },
  evaluator: { role: 'evaluator', sub: 'evaluator-1' },
  admin: { role: 'admin', sub: 'admin-1' },
};

/**
 * The same roles outside that scope (evaluators and admins have no record scope), each way an attacker found: a
 * colleague, the same worker id in a token of another organisation, another organisation's supervisor, another
 * municipality's officer.
 */
const outOfScope: Partial<Record<Role, Record<string, Principal>>> = {
  social_worker: { colleague: worker('stranger', 'org-a'), 'same id, other organisation': worker('owner', 'org-z') },
  supervisor: { 'other organisation': supervisor('boss-b', 'org-b') },
  municipal_officer: { 'other municipality': { role: 'municipal_officer', sub: 'officer-bitola', municipalityIds: ['bitola'] } },
};

/**
 * One token per caller for the whole file, as a client keeps its token for its lifetime (eight hours by default):
 * issuing one per request was 691 of the file's 1,625 requests. Issuing tells the dev directory of the caller, once.
 */
const tokens = new Map<string, Promise<string>>();
function tokenOf(principal: Principal): Promise<string> {
  const key = JSON.stringify(principal);
  if (!tokens.has(key)) tokens.set(key, api.tokenFor(principal));
  return tokens.get(key)!;
}

/** A child of `owner` enrolled 100 days ago: its first two checkpoints are past their grace period. */
async function child() {
  const response = await api.request<{ child: { childId: string }; checkpoints: Array<{ checkpointId: string; dueOn: string }> }>(
    'POST',
    '/children',
    { token: await tokenOf(inScope.social_worker), body: enrolment({ enrolledOn: '2026-03-12', municipalityId: 'skopje' }) },
  );
  expect(response.status).toBe(201);
  return response.body;
}

/**
 * A child with an open flag: a concern its worker raised. (A sweep would flag its missed checkpoints too, but it walks
 * every child enrolled so far, and the matrix enrols hundreds; runSweep is a case of the matrix itself.)
 */
async function flaggedChild() {
  const created = await child();
  const concern = await api.request<{ flagId: string }>('POST', `/children/${created.child.childId}/concerns`, {
    token: await tokenOf(inScope.social_worker),
    body: { type: 'safeguarding', note: 'Seen with an unknown adult.' },
  });
  expect(concern.status).toBe(201);
  return { ...created, flagId: concern.body.flagId };
}

interface Sample {
  path: string;
  body?: unknown;
  /** The child the request is about, directly or through its flag. */
  childId?: string;
  /** What must hold just before the request (after a lapse ended the caller's scope): a case closed, to reopen it. */
  ready?: () => Promise<void>;
}

const aboutChild = async (path: (childId: string) => string, body?: unknown): Promise<Sample> => {
  const { childId } = (await child()).child;
  return { path: path(childId), body, childId };
};
const aboutFlag = async (path: (flagId: string) => string, body?: unknown): Promise<Sample> => {
  const { child: c, flagId } = await flaggedChild();
  return { path: path(flagId), body, childId: c.childId };
};

/**
 * A referral of a fresh child, on the child's recorded consent. Who records a provider's answer depends on the
 * provider (lib/domain/referral-moves.ts `moverRefusal`): an officer acts on a referral to their municipality's service,
 * the case's side on one to an NGO; without a role (the out-of-scope cases), the municipal one.
 */
async function referral(role: Role | undefined, state: 'requested' | 'accepted' = 'requested') {
  const { childId } = (await child()).child;
  const owner = await tokenOf(inScope.social_worker);
  const consent = await api.request('POST', `/children/${childId}/consents`, { token: owner, body: { scope: 'referral', givenBy: 'guardian', givenOn: '2026-03-12' } });
  expect(consent.status).toBe(201);
  const municipal = role === undefined || role === 'municipal_officer';
  const body = { domain: 'housing', service: 'housing', providerKind: municipal ? 'municipality' : 'ngo', dueBy: '2026-07-20' };
  const requested = await api.request<{ referralId: string }>('POST', `/children/${childId}/referrals`, { token: owner, body });
  expect(requested.status).toBe(201);
  const { referralId } = requested.body;
  if (state === 'accepted') {
    const provider = municipal ? await tokenOf(inScope.municipal_officer) : owner;
    expect((await api.request('POST', `/referrals/${referralId}/acceptance`, { token: provider, body: {} })).status).toBe(200);
  }
  return { childId, referralId };
}
const aboutReferral = async (role: Role | undefined, path: (referralId: string) => string, body?: unknown, state?: 'accepted'): Promise<Sample> => {
  const { childId, referralId } = await referral(role, state);
  return { path: path(referralId), body, childId };
};

/** A first plan (version 0), its free text marked private: officers and evaluators must never see it. */
const PLAN = {
  version: 0,
  reviewOn: '2026-09-01',
  childParticipated: true,
  childViewOnPlan: 'PRIVATE-PLAN-VIEW',
  goals: [
    {
      domain: 'education',
      goal: 'PRIVATE-PLAN-GOAL',
      status: 'open',
      actions: [{ description: 'PRIVATE-PLAN-ACTION', responsible: 'PRIVATE-PLAN-RESPONSIBLE', dueBy: '2026-07-01', status: 'planned' }],
    },
  ],
};

/** One valid request per route, on fresh records, so a write never spoils another case of the matrix. */
const samples: Record<string, (role?: Role) => Promise<Sample>> = {
  enrolChild: async () => ({ path: '/children', body: enrolment({ enrolledOn: '2026-03-12' }) }),
  listChildren: async () => ({ path: '/children' }),
  getChild: () => aboutChild((id) => `/children/${id}`),
  updateChild: () => aboutChild((id) => `/children/${id}`, { version: 1, riskLevel: 'high' }),
  closeChild: () => aboutChild((id) => `/children/${id}/closure`, { reason: 'other', outcome: 'unknown' }),
  reopenChild: async () => {
    const sample = await aboutChild((id) => `/children/${id}/reopening`, { reason: 'Relapse: back on the street.' });
    const close = async () => {
      const closed = await api.request('POST', `/children/${sample.childId}/closure`, { token: await tokenOf(inScope.supervisor), body: { reason: 'other', outcome: 'unknown' } });
      expect([200, 409]).toContain(closed.status);
    };
    return { ...sample, ready: close };
  },
  listCheckpoints: () => aboutChild((id) => `/children/${id}/checkpoints`),
  updateCheckpoint: async () => {
    const { child: c, checkpoints } = await child();
    return { path: `/children/${c.childId}/checkpoints/${checkpoints.at(-1)!.checkpointId}`, body: { action: 'cancel', reason: 'moved abroad' }, childId: c.childId };
  },
  getAgenda: async () => ({ path: '/agenda' }),
  logVisit: () =>
    aboutChild((id) => `/children/${id}/visits`, {
      visitedOn: '2026-06-01',
      contactType: 'home',
      assessments: { health: { level: 'stable', note: 'PRIVATE-ASSESSMENT-NOTE' } },
      childView: { rating: 4, words: 'PRIVATE-CHILD-WORDS' },
      notes: 'PRIVATE-VISIT-NOTE',
    }),
  raiseConcern: () => aboutChild((id) => `/children/${id}/concerns`, { type: 'safeguarding', note: 'Seen with an unknown adult.' }),
  recordConsent: () => aboutChild((id) => `/children/${id}/consents`, { scope: 'referral', givenBy: 'guardian', givenOn: '2026-03-12' }),
  withdrawConsent: async () => {
    const { childId } = (await child()).child;
    const recorded = await api.request<{ consentId: string }>('POST', `/children/${childId}/consents`, {
      token: await tokenOf(inScope.social_worker),
      body: { scope: 'municipal_sharing', givenBy: 'child', givenOn: '2026-03-12' },
    });
    expect(recorded.status).toBe(201);
    return { path: `/children/${childId}/consents/${recorded.body.consentId}/withdrawal`, body: { reason: 'She no longer wants the municipality told.' }, childId };
  },
  listConsents: () => aboutChild((id) => `/children/${id}/consents`),
  requestReferral: () => aboutChild((id) => `/children/${id}/referrals`, { domain: 'health', service: 'psychosocial', providerKind: 'ngo', inHouse: true, dueBy: '2026-07-20' }),
  listChildReferrals: () => aboutChild((id) => `/children/${id}/referrals`),
  listReferrals: async () => ({ path: '/referrals' }),
  getReferral: (role) => aboutReferral(role, (id) => `/referrals/${id}`),
  acceptReferral: (role) => aboutReferral(role, (id) => `/referrals/${id}/acceptance`, {}),
  declineReferral: (role) => aboutReferral(role, (id) => `/referrals/${id}/decline`, { reason: 'No place before the autumn.' }),
  recordReferralDelivery: (role) => aboutReferral(role, (id) => `/referrals/${id}/delivery`, { delivered: true, deliveredOn: '2026-06-20' }, 'accepted'),
  cancelReferral: (role) => aboutReferral(role, (id) => `/referrals/${id}/cancellation`, { reason: 'The family moved abroad.' }),
  putPlan: () => aboutChild((id) => `/children/${id}/plan`, PLAN),
  getPlan: async () => {
    const { childId } = (await child()).child;
    const written = await api.request('PUT', `/children/${childId}/plan`, { token: await tokenOf(inScope.social_worker), body: PLAN });
    expect(written.status).toBe(201);
    return { path: `/children/${childId}/plan`, childId };
  },
  listVisits: () => aboutChild((id) => `/children/${id}/visits`),
  getTimeline: () => aboutChild((id) => `/children/${id}/timeline`),
  grantEmergencyAccess: async () => {
    // A child of another organisation: the one a supervisor may need to open in an emergency.
    const other = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: await tokenOf(worker('owner-z', 'org-z')),
      body: enrolment({ enrolledOn: '2026-03-12' }),
    });
    return { path: `/children/${other.body.child.childId}/emergency-access`, body: { reason: 'Police report tonight: the child is missing.' } };
  },
  getAuditTrail: () => aboutChild((id) => `/children/${id}/audit`),
  listFlags: async () => ({ path: '/flags' }),
  getFlag: () => aboutFlag((id) => `/flags/${id}`),
  acknowledgeFlag: () => aboutFlag((id) => `/flags/${id}/acknowledgement`, {}),
  resolveFlag: () => aboutFlag((id) => `/flags/${id}/resolution`, { note: 'Visited; back in school.' }),
  getOutcomes: async () => ({ path: '/outcomes' }),
  exportOutcomes: async () => ({ path: '/outcomes/export' }),
  getOutcomesReport: async () => ({ path: '/outcomes/report' }),
  runSweep: async () => ({ path: '/sweeps' }),
  putMunicipality: async () => ({ path: '/municipalities/matrix-town', body: { name: 'Matrix Town' } }),
  listMunicipalities: async () => ({ path: '/municipalities' }),
};

const EMERGENCY_REASON = 'Police report tonight: the child is missing.';

/**
 * A request that is refused (401, 403, 404 out of scope) or only reads leaves its records as they were, so the cases of
 * a route that send one share a sample (per role where the sample depends on it): enrolling a child per case was most
 * of this file's time (issue 18). A permitted write, and a case whose scope lapses, get fresh records.
 */
const sharedSamples = new Map<string, Promise<Sample>>();
function sampleOf(route: NamedRoute, role?: Role): Promise<Sample> {
  const key = `${route.operationId} ${role ?? ''}`;
  if (!sharedSamples.has(key)) sharedSamples.set(key, samples[route.operationId]!(role));
  return sharedSamples.get(key)!;
}

/** Moves the sample's child to `change` (another worker, another municipality), as its organisation's supervisor. */
async function transfer(childId: string, change: Record<string, string>) {
  const boss = await tokenOf(inScope.supervisor);
  await tokenOf(worker('successor', 'org-a')); // the directory knows whom the dev issuer has issued a token for
  const current = await api.request<{ version: number }>('GET', `/children/${childId}`, { token: boss });
  const moved = await api.request('PATCH', `/children/${childId}`, { token: boss, body: { version: current.body.version, ...change } });
  expect(moved.status).toBe(200);
}

/**
 * Callers who were in scope and no longer are: what ends their scope runs between the sample and the request. A
 * transfer ends the former worker's and the former municipality's access; time ends an emergency grant.
 */
const lapses: Array<{ who: string; principal: Principal; end: (childId: string, token: string) => Promise<void> }> = [
  { who: 'former worker, after the case moved to a colleague', principal: inScope.social_worker, end: (id) => transfer(id, { caseWorkerId: 'successor' }) },
  {
    who: 'former municipality’s officer, after a transfer',
    principal: inScope.municipal_officer,
    end: (id) => transfer(id, { municipalityId: 'bitola' }),
  },
  {
    who: 'supervisor of another organisation, after the emergency grant expired',
    principal: supervisor('boss-lapsed', 'org-lapsed'),
    end: async (id, token) => {
      const grant = await api.request<{ expiresAt: string }>('POST', `/children/${id}/emergency-access`, { token, body: { reason: EMERGENCY_REASON } });
      expect(grant.status).toBe(201);
      expect((await api.request('GET', `/children/${id}`, { token })).status).toBe(200);
      // A second past the grant's own end: the movable clock runs on between requests, so under load a fixed hour
      // three hours after the test's morning could still fall inside the grant.
      await api.setClock(new Date(Date.parse(grant.body.expiresAt) + 1_000).toISOString());
    },
  },
];

const guarded = routeList.filter((route) => route.access !== 'public');
/** Break-the-glass is the one route meant for records outside the caller's scope. */
const BREAKS_SCOPE = new Set(['grantEmergencyAccess']);
const aboutOneRecord = (route: NamedRoute) => /\{(childId|flagId|referralId)\}/.test(route.path) && !BREAKS_SCOPE.has(route.operationId);
const success = (route: NamedRoute) => Object.keys(route.responses).map(Number);

describe('the access matrix, from the route table', () => {
  it('every route declares who may call it, and every guarded route has a sample request here', () => {
    for (const route of routeList) expect(route.access === 'public' || (Array.isArray(route.access) && route.access.length > 0)).toBe(true);
    expect(guarded.map((r) => r.operationId).filter((id) => !samples[id])).toEqual([]);
  });

  const cases = guarded.flatMap((route) => ROLES.map((role) => [route.operationId, role, route] as const));
  it.each(cases)('%s as %s: 2xx for a permitted role in scope, 403 for any other role', async (_id, role, route) => {
    const permitted = (route.access as readonly Role[]).includes(role);
    const sample = !permitted ? await sampleOf(route) : route.method === 'GET' ? await sampleOf(route, role) : await samples[route.operationId]!(role);
    await sample.ready?.();
    const response = await api.request(route.method, sample.path, { token: await tokenOf(inScope[role]), body: sample.body });
    if (permitted) expect(success(route)).toContain(response.status);
    else expect(response.status).toBe(403);
    if (role === 'municipal_officer' || role === 'evaluator') {
      // Never a name, a birth date, a note or what was said at a visit, in any answer these roles can get.
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      expect(text).not.toMatch(/"Ana"|"Petrova"|2012-05-01|givenName|familyName|birthDate|"notes"|childView|PRIVATE-/);
    }
  });

  const scoped = guarded
    .filter(aboutOneRecord)
    .flatMap((route) =>
      (route.access as readonly Role[]).flatMap((role) =>
        Object.entries(outOfScope[role] ?? {}).map(([who, principal]) => [route.operationId, `${role} (${who})`, route, principal] as const),
      ),
    );
  it.each(scoped)('%s as a %s outside the record’s scope: 404, as if it did not exist', async (_id, _who, route, principal) => {
    const sample = await sampleOf(route);
    await sample.ready?.();
    const response = await api.request(route.method, sample.path, { token: await tokenOf(principal), body: sample.body });
    expect(response.status).toBe(404);
  });

  // Break-the-glass opens a child for reading only, and never its flags' actions: route by route, from the table.
  const emergency = guarded.filter(aboutOneRecord).filter((route) => (route.access as readonly Role[]).includes('supervisor'));
  it.each(emergency.map((route) => [route.operationId, route] as const))(
    '%s by a supervisor of another organisation holding an emergency grant: a read of the child answers, anything else is 404',
    async (_id, route) => {
      const sample = await sampleOf(route);
      const token = await tokenOf(supervisor('boss-glass', 'org-glass'));
      const grant = await api.request('POST', `/children/${sample.childId}/emergency-access`, { token, body: { reason: EMERGENCY_REASON } });
      expect(grant.status).toBe(201);
      await sample.ready?.();
      const response = await api.request(route.method, sample.path, { token, body: sample.body });
      const readsChild = route.method === 'GET' && route.scope?.record === 'child';
      if (readsChild) expect(success(route)).toContain(response.status);
      else expect(response.status).toBe(404);
    },
  );

  const lapsedCases = guarded
    .filter(aboutOneRecord)
    .flatMap((route) =>
      lapses.filter((lapse) => (route.access as readonly Role[]).includes(lapse.principal.role)).map((lapse) => [route.operationId, lapse.who, route, lapse] as const),
    );
  it.each(lapsedCases)('%s by the %s: 404, the scope ended with it', async (_id, _who, route, lapse) => {
    const sample = await samples[route.operationId]!();
    const token = await tokenOf(lapse.principal);
    await lapse.end(sample.childId!, token);
    try {
      await sample.ready?.();
      const response = await api.request(route.method, sample.path, { token, body: sample.body });
      expect(response.status).toBe(404);
    } finally {
      await api.setClock(`${TODAY}T09:00:00Z`);
    }
  });

  it.each(guarded.map((route) => [route.operationId, route] as const))('%s without a valid token: 401', async (_id, route) => {
    const sample = await sampleOf(route);
    await sample.ready?.();
    expect((await api.request(route.method, sample.path, { body: sample.body })).status).toBe(401);
    const real = await tokenOf(inScope.social_worker);
    const [header, payload] = real.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`;
    expect((await api.request(route.method, sample.path, { token: forged, body: sample.body })).status).toBe(401);
  });
});

describe('tokens the API refuses (the unit tests of lib/auth/tokens.ts try every kind; here through HTTP)', () => {
  it('an expired token, one signed with another key, and an unsigned one (alg none) are 401', async () => {
    const { SignJWT, generateKeyPair } = await import('jose');
    const { claimsFor } = await import('../../lib/auth/principal');
    const expired = (await api.runtime.issuer.issue(inScope.social_worker, -120)).token;
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...claimsFor(inScope.social_worker), iss: 'reintegration-local', aud: 'reintegration-api', iat: now, exp: now + 600 };
    const otherKey = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'other' }).sign(privateKey);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    for (const token of [expired, otherKey, unsigned]) {
      expect((await api.request('GET', '/children', { token })).status).toBe(401);
    }
  });
});
