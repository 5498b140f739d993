import { routeList } from '../../lib/api/routes';
import type { Principal, Role } from '../../lib/auth/principal';
import { FLAG_EVENT_TYPES } from '../../lib/events/events';
import { requestStrings } from '../support/schema-walk';
import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';

/**
 * The leak walk (DESIGN.md v2, "What each role sees"): a name, an address and a marker planted in every free-text
 * field a request can carry, then every answer a municipal officer or an evaluator can get, and every flag event
 * municipal services receive, searched for any of them. The fields are found by walking the route table's request
 * schemas, so a free-text field added later without a plant here fails the first test.
 */
let api: TestApi;

/** The words planted in a field: a child's name and address, as a careless note would carry them, and the field. */
const plant = (field: string) => `Ana Petrova, at her aunt's flat, Ul. Partizanska 12 (${marker(field)})`;
const marker = (field: string) => `LEAK-${field.replace(/[^A-Za-z]+/g, '-')}`;

/** Where the walk plants its words, by `operationId body.path`; reference data is public by design. */
const PUBLIC_TEXT = new Set(['putMunicipality body.name']);
const planted = new Set<string>();
const text = (field: string) => {
  planted.add(field);
  return plant(field);
};

const owner = worker('leak-owner', 'org-a');
const officer: Principal = { role: 'municipal_officer', sub: 'leak-officer', municipalityIds: ['skopje'] };
const evaluator: Principal = { role: 'evaluator', sub: 'leak-evaluator' };
const OFFICER_OWN_NOTE = 'Housing team visits on Monday.';
/** The child the walk's officer raises a concern about: the followed one, living in skopje. */
let followedChildId: string;

interface Enrolled {
  child: { childId: string; version: number };
  checkpoints: Array<{ checkpointId: string }>;
}

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T09:00:00Z');
  const token = await api.tokenFor(owner);
  const enrol = async (fields: Record<string, unknown>) => {
    const response = await api.request<Enrolled>('POST', '/children', { token, body: enrolment(fields) });
    expect(response.status).toBe(201);
    return response.body;
  };

  // A child whose names are marked, with a visit, two checkpoint changes, flags noted by the worker, and a grant.
  const names = { givenName: 'Leakgivenname', familyName: 'Leakfamilyname' };
  planted.add('enrolChild body.givenName').add('enrolChild body.familyName');
  const followed = await enrol({ ...names, enrolledOn: '2026-01-10', birthDate: '2012-05-01' });
  followedChildId = followed.child.childId;
  const childPath = `/children/${followed.child.childId}`;
  const visit = await api.request<{ raisedFlags: Array<{ flagId: string }> }>('POST', `${childPath}/visits`, {
    token,
    body: {
      visitedOn: '2026-06-18',
      contactType: 'home',
      assessments: {
        education: { level: 'at_risk', note: text('logVisit body.assessments.education.note') },
        housing: { level: 'critical', note: text('logVisit body.assessments.housing.note') },
        health: { level: 'at_risk', note: text('logVisit body.assessments.health.note') },
        vocational_training: { level: 'critical', note: text('logVisit body.assessments.vocational_training.note') },
      },
      childView: { rating: 2, words: text('logVisit body.childView.words') },
      notes: text('logVisit body.notes'),
    },
  });
  expect(visit.status).toBe(201);
  const [cancelled, rescheduled] = followed.checkpoints.slice(-2);
  const reason = text('updateCheckpoint body.reason');
  for (const [checkpoint, change] of [
    [cancelled!, { action: 'cancel', reason }],
    [rescheduled!, { action: 'reschedule', dueOn: '2029-12-01', reason }],
  ] as const) {
    expect((await api.request('PATCH', `${childPath}/checkpoints/${checkpoint.checkpointId}`, { token, body: change })).status).toBe(200);
  }
  const grant = await api.request('POST', `${childPath}/emergency-access`, {
    token: await api.tokenFor(supervisor('leak-boss-b', 'org-b')),
    body: { reason: text('grantEmergencyAccess body.reason') },
  });
  expect(grant.status).toBe(201);

  // The sweep marks the overdue checkpoints missed; the worker notes one flag and resolves another.
  expect((await api.request('POST', '/sweeps', { token: await api.tokenFor({ role: 'admin', sub: 'leak-admin' }) })).status).toBe(200);
  const own = await api.request<{ openFlags: Array<{ flagId: string }> }>('GET', childPath, { token });
  const [noted, resolved] = own.body.openFlags;
  expect(resolved).toBeDefined();
  const acknowledged = await api.request('POST', `/flags/${noted!.flagId}/acknowledgement`, {
    token,
    body: { note: text('acknowledgeFlag body.note') },
  });
  expect(acknowledged.status).toBe(200);
  const resolution = await api.request('POST', `/flags/${resolved!.flagId}/resolution`, {
    token,
    body: { note: text('resolveFlag body.note'), actionTaken: text('resolveFlag body.actionTaken') },
  });
  expect(resolution.status).toBe(200);

  // The worker raises a concern, in their own words.
  const concern = await api.request('POST', `${childPath}/concerns`, { token, body: { type: 're_trafficking_risk', note: text('raiseConcern body.note') } });
  expect(concern.status).toBe(201);

  // Referrals (issue 16): a supervisor's override with its reason (before any referral consent), then, on the
  // child's consent, the worker's note, and the reasons of a decline, a failure and a cancellation. Two referrals to
  // skopje's housing stay requested for the officer's walk.
  const referralBody = (overrides: Record<string, unknown>) => ({ domain: 'housing', service: 'housing', providerKind: 'municipality', dueBy: '2026-07-20', ...overrides });
  const refer = async (body: Record<string, unknown>, as = token) => {
    const response = await api.request<{ referralId: string }>('POST', `${childPath}/referrals`, { token: as, body });
    expect(response.status).toBe(201);
    return response.body.referralId;
  };
  await refer(referralBody({ service: 'legal_aid', consentOverride: { reason: text('requestReferral body.consentOverride.reason') } }), await api.tokenFor(supervisor('leak-boss-a', 'org-a')));
  const referralConsent = await api.request('POST', `${childPath}/consents`, { token, body: { scope: 'referral', givenBy: 'child', givenOn: '2026-04-01' } });
  expect(referralConsent.status).toBe(201);
  await refer(referralBody({ note: text('requestReferral body.note') }));
  await refer(referralBody({ service: 'family_support' }));
  const declined = await refer(referralBody({ service: 'psychosocial', providerKind: 'ngo' }));
  expect((await api.request('POST', `/referrals/${declined}/decline`, { token, body: { reason: text('declineReferral body.reason') } })).status).toBe(200);
  const failed = await refer(referralBody({ service: 'interpretation', providerKind: 'ngo' }));
  expect((await api.request('POST', `/referrals/${failed}/acceptance`, { token, body: {} })).status).toBe(200);
  const failure = await api.request('POST', `/referrals/${failed}/delivery`, { token, body: { delivered: false, reason: text('recordReferralDelivery body.reason') } });
  expect(failure.status).toBe(200);
  const withdrawn = await refer(referralBody({ service: 'education' }));
  expect((await api.request('POST', `/referrals/${withdrawn}/cancellation`, { token, body: { reason: text('cancelReferral body.reason') } })).status).toBe(200);

  // A consent recorded, and withdrawn with the guardian's reason.
  const consent = await api.request<{ consentId: string }>('POST', `${childPath}/consents`, { token, body: { scope: 'municipal_sharing', givenBy: 'guardian', givenOn: '2026-04-01' } });
  expect(consent.status).toBe(201);
  const withdrawal = await api.request('POST', `${childPath}/consents/${consent.body.consentId}/withdrawal`, { token, body: { reason: text('withdrawConsent body.reason') } });
  expect(withdrawal.status).toBe(200);

  // A second child, closed with a note.
  const closed = await enrol({ ...names, enrolledOn: '2026-02-01' });
  const closure = await api.request('POST', `/children/${closed.child.childId}/closure`, {
    token,
    body: { reason: 'other', outcome: 'unknown', note: text('closeChild body.note') },
  });
  expect(closure.status).toBe(200);
  // Reopened, in the worker's words, and closed again.
  const reopened = await api.request('POST', `/children/${closed.child.childId}/reopening`, { token, body: { reason: text('reopenChild body.reason') } });
  expect(reopened.status).toBe(200);
  const closedAgain = await api.request('POST', `/children/${closed.child.childId}/closure`, { token, body: { reason: 'other', outcome: 'unknown' } });
  expect(closedAgain.status).toBe(200);
});
afterAll(() => api.close());

/** What one role may call, from the route table. */
const routesOf = (role: Role) => routeList.filter((route) => Array.isArray(route.access) && route.access.includes(role));

interface Answer {
  operationId: string;
  request: string;
  body: unknown;
}

/** Every answer the role can get about the planted records: each of its routes, with each filter that selects them. */
async function walk(principal: Principal): Promise<Answer[]> {
  const token = await api.tokenFor(principal);
  const answers: Answer[] = [];
  const call = async (operationId: string, method: string, path: string, body?: unknown) => {
    const response = await api.request(method, path, { token, body });
    expect({ request: `${method} ${path}`, answered: response.status < 300 }).toEqual({ request: `${method} ${path}`, answered: true });
    answers.push({ operationId, request: `${method} ${path}`, body: response.body });
    return response.body as { items?: Array<{ flagId: string; status: string }> };
  };
  for (const route of routesOf(principal.role)) {
    switch (route.operationId) {
      case 'listFlags': {
        const flags: Array<{ flagId: string; status: string }> = [];
        for (const query of ['', '?status=acknowledged', '?status=resolved', '?municipalityId=skopje', '?severity=high']) {
          flags.push(...((await call(route.operationId, 'GET', `/flags${query}${query ? '&' : '?'}limit=100`)).items ?? []));
        }
        expect(flags.map((flag) => flag.status)).toEqual(expect.arrayContaining(['open', 'acknowledged', 'resolved']));
        for (const flag of new Map(flags.map((f) => [f.flagId, f])).values()) await call('getFlag', 'GET', `/flags/${flag.flagId}`);
        const open = flags.filter((flag) => flag.status === 'open');
        await call('acknowledgeFlag', 'POST', `/flags/${open[0]!.flagId}/acknowledgement`, { note: OFFICER_OWN_NOTE });
        await call('resolveFlag', 'POST', `/flags/${open[1]!.flagId}/resolution`, { note: OFFICER_OWN_NOTE, actionTaken: 'Referred to housing.' });
        break;
      }
      case 'getOutcomes':
      case 'getOutcomesReport':
      case 'exportOutcomes':
        for (const query of ['', '?cohort=2026-Q1', '?municipalityId=skopje', '?riskLevel=medium', '?cohort=2026&municipalityId=skopje']) {
          await call(route.operationId, 'GET', `${route.path}${query}`);
        }
        if (route.operationId !== 'exportOutcomes') await call(route.operationId, 'GET', `${route.path}?asOf=2026-06-19`);
        break;
      case 'listMunicipalities':
        await call(route.operationId, 'GET', route.path);
        break;
      case 'raiseConcern':
        await call(route.operationId, 'POST', `/children/${followedChildId}/concerns`, { type: 'safeguarding', note: OFFICER_OWN_NOTE });
        break;
      case 'listReferrals': {
        const referrals: Array<{ referralId: string; status: string; service: string }> = [];
        for (const query of ['', '?status=settled', '?municipalityId=skopje']) {
          referrals.push(...(((await call(route.operationId, 'GET', `/referrals${query}`)) as { items?: typeof referrals }).items ?? []));
        }
        for (const referral of new Map(referrals.map((r) => [r.referralId, r])).values()) await call('getReferral', 'GET', `/referrals/${referral.referralId}`);
        // The officer acts on the two left requested: accepts and delivers one, declines the other in their own words.
        const requested = referrals.filter((r) => r.status === 'requested');
        const [delivered, refused] = [requested.find((r) => r.service === 'housing')!, requested.find((r) => r.service === 'family_support')!];
        await call('acceptReferral', 'POST', `/referrals/${delivered.referralId}/acceptance`, {});
        await call('recordReferralDelivery', 'POST', `/referrals/${delivered.referralId}/delivery`, { delivered: true, deliveredOn: '2026-06-20' });
        await call('declineReferral', 'POST', `/referrals/${refused.referralId}/decline`, { reason: OFFICER_OWN_NOTE });
        break;
      }
      case 'getFlag':
      case 'acknowledgeFlag':
      case 'resolveFlag':
        break; // walked with the flags listFlags finds
      case 'getReferral':
      case 'acceptReferral':
      case 'declineReferral':
      case 'recordReferralDelivery':
        break; // walked with the referrals listReferrals finds
      default:
        throw new Error(`the leak walk does not know how to call ${route.operationId}: add it here`);
    }
  }
  return answers;
}

const walked = new Map<Role, Answer[]>();

/** What identifies the child: the planted words, the marked names, the birth date. */
const CHILD_WORDS = ['Petrova', 'Partizanska', 'Leakgivenname', 'Leakfamilyname', '2012-05-01'];
/** Who works on the case: staff ids, which officers and evaluators never see either. */
const STAFF_IDS = ['leak-owner', 'leak-boss-b'];

const leaksIn = (answer: unknown, words: readonly string[] = [...CHILD_WORDS, ...STAFF_IDS]) => {
  const serialised = typeof answer === 'string' ? answer : JSON.stringify(answer);
  return [...[...planted].map(marker), ...words].filter((word) => serialised.includes(word));
};

describe('no name, address or note reaches an officer or an evaluator, from any free-text field', () => {
  it('the walk plants every free-text field of every request the route table accepts', () => {
    const probe = plant('probe');
    const freeText = requestStrings(routeList)
      .filter(({ schema }) => schema.safeParse(probe).success)
      .map(({ operationId, where }) => `${operationId} ${where}`)
      .filter((field) => !PUBLIC_TEXT.has(field));
    expect([...new Set(freeText)].sort()).toEqual([...planted].sort());
  });

  it.each([
    ['a municipal officer', officer],
    ['an evaluator', evaluator],
  ])('every answer %s can get carries none of the planted words', async (_who, principal) => {
    const answers = await walk(principal);
    walked.set(principal.role, answers);
    const called = new Set(answers.map((answer) => answer.operationId));
    expect(routesOf(principal.role).map((route) => route.operationId).filter((id) => !called.has(id))).toEqual([]);
    const leaks = answers.map((answer) => ({ request: answer.request, leaks: leaksIn(answer.body) })).filter((a) => a.leaks.length > 0);
    expect(leaks).toEqual([]);
  });

  it('the officer’s own note is in the officer’s answers: the walk would see a note if one got through', () => {
    const answers = walked.get('municipal_officer') ?? [];
    expect(answers.some((answer) => JSON.stringify(answer.body).includes(OFFICER_OWN_NOTE))).toBe(true);
  });

  // The bus is internal: its flag events carry the case's worker and organisation for the supervisors' topic, and
  // the cloud tier shows the message a municipality's subscription receives has neither (deployed-stack.test.ts).
  it('the flag events on the bus carry none of the planted words, names or birth date', async () => {
    const outbox = await api.request<{ items: Array<{ type: string; detail: unknown }> }>('GET', '/local/outbox');
    const flagEvents = outbox.body.items.filter((event) => (FLAG_EVENT_TYPES as readonly string[]).includes(event.type));
    expect(flagEvents.length).toBeGreaterThan(0);
    expect(flagEvents.filter((event) => leaksIn(event, CHILD_WORDS).length > 0)).toEqual([]);
  });
});
