import { admin, enrolment, startApi, supervisor, worker, type TestApi } from './harness';

/** Issue 16 through the local API: referrals to services, on the child's consent, followed to their delivery. */
interface Referral {
  referralId: string;
  status: string;
  basis: { kind: string };
  history: Array<{ action: string; role: string; reason?: string }>;
}
interface FlagView {
  flagId: string;
  type: string;
  domain?: string;
  status: string;
  severity: string;
  evidence: { referralId?: string };
  resolution?: { referralId?: string };
}

let api: TestApi;
let workerToken: string;
let supervisorToken: string;
let officerToken: string;
let otherOfficerToken: string;
let adminToken: string;
beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T09:00:00Z');
  workerToken = await api.tokenFor(worker());
  supervisorToken = await api.tokenFor(supervisor());
  adminToken = await api.tokenFor(admin());
  officerToken = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-skopje', municipalityIds: ['skopje'] });
  otherOfficerToken = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-bitola', municipalityIds: ['bitola'] });
});
afterAll(() => api.close());

const enrol = async () => {
  const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', { token: workerToken, body: enrolment({ municipalityId: 'skopje' }) });
  expect(enrolled.status).toBe(201);
  return enrolled.body.child.childId;
};
const housingReferral = (overrides: Record<string, unknown> = {}) => ({ domain: 'housing', service: 'housing', providerKind: 'municipality', dueBy: '2026-07-20', ...overrides });
const refer = (childId: string, body: unknown, token = workerToken) => api.request<Referral>('POST', `/children/${childId}/referrals`, { token, body });
const giveConsent = (childId: string) =>
  api.request<{ consentId: string }>('POST', `/children/${childId}/consents`, { token: workerToken, body: { scope: 'referral', givenBy: 'guardian', givenOn: '2026-06-20' } });

describe('a referral answering a housing regression, through its lifecycle', () => {
  it('needs consent (409, then 201 once recorded), is accepted and delivered by the officer, and the flag is resolved naming it', async () => {
    const childId = await enrol();
    const visit = await api.request<{ raisedFlags: FlagView[] }>('POST', `/children/${childId}/visits`, {
      token: workerToken,
      body: { visitedOn: '2026-06-19', contactType: 'home', assessments: { housing: { level: 'critical' } }, childView: { rating: 2, words: 'We have to leave the flat.' } },
    });
    expect(visit.status).toBe(201);
    const regression = visit.body.raisedFlags.find((f) => f.type === 'regression' && f.domain === 'housing')!;

    const refused = await refer(childId, housingReferral({ flagId: regression.flagId }));
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('consent');
    expect((await api.request<{ items: Referral[] }>('GET', `/children/${childId}/referrals`, { token: workerToken })).body.items).toEqual([]);

    expect((await giveConsent(childId)).status).toBe(201);
    const requested = await refer(childId, housingReferral({ flagId: regression.flagId, note: 'The landlord gave notice for the end of the month.' }));
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'requested', basis: { kind: 'consent' } });
    const { referralId } = requested.body;

    // The officer's list: the referral with the minimal child summary, never the worker's note.
    const inbox = await api.request<{ items: Array<Record<string, unknown>> }>('GET', '/referrals', { token: officerToken });
    expect(inbox.status).toBe(200);
    const listed = inbox.body.items.find((r) => r.referralId === referralId);
    expect(listed).toMatchObject({ service: 'housing', status: 'requested', dueBy: '2026-07-20', child: expect.objectContaining({ caseCode: expect.any(String) }) });
    expect(JSON.stringify(listed)).not.toContain('landlord');
    expect(JSON.stringify(listed)).not.toContain('Ana');

    // The worker cannot accept for the municipality; the officer can, once.
    expect((await api.request('POST', `/referrals/${referralId}/acceptance`, { token: workerToken, body: {} })).status).toBe(403);
    expect((await api.request('POST', `/referrals/${referralId}/acceptance`, { token: officerToken, body: {} })).status).toBe(200);
    expect((await api.request('POST', `/referrals/${referralId}/acceptance`, { token: officerToken, body: {} })).status).toBe(409);
    const early = await api.request('POST', `/referrals/${referralId}/delivery`, { token: officerToken, body: { delivered: true, deliveredOn: '2026-06-21' } });
    expect(early.status).toBe(400);
    const delivered = await api.request<Record<string, unknown>>('POST', `/referrals/${referralId}/delivery`, {
      token: officerToken,
      body: { delivered: true, deliveredOn: '2026-06-20' },
    });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ status: 'delivered', deliveredOn: '2026-06-20' });

    const seen = await api.request<Referral>('GET', `/referrals/${referralId}`, { token: workerToken });
    expect(seen.body.history.map((e) => [e.action, e.role])).toEqual([
      ['requested', 'social_worker'],
      ['accepted', 'municipal_officer'],
      ['delivered', 'municipal_officer'],
    ]);

    const resolved = await api.request<FlagView>('POST', `/flags/${regression.flagId}/resolution`, {
      token: workerToken,
      body: { note: 'Emergency housing arranged by the municipality.', referralId },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolution).toMatchObject({ referralId });

    const outbox = await api.request<{ items: Array<{ type: string; detail: { referralId?: string } }> }>('GET', '/local/outbox');
    expect(outbox.body.items.filter((e) => e.detail.referralId === referralId).map((e) => e.type)).toEqual(['ReferralRequested']);
  });

  it('a supervisor may refer without consent with a reason, audited; a worker may not override; a withdrawn consent stops new referrals', async () => {
    const childId = await enrol();
    const byWorker = await refer(childId, housingReferral({ consentOverride: { reason: 'Imminent eviction.' } }));
    expect(byWorker.status).toBe(400);
    const overridden = await refer(childId, housingReferral({ consentOverride: { reason: 'Imminent eviction; the guardian cannot be reached.' } }), supervisorToken);
    expect(overridden.status).toBe(201);
    expect(overridden.body.basis).toMatchObject({ kind: 'override', reason: 'Imminent eviction; the guardian cannot be reached.' });
    const audit = await api.request<{ items: Array<{ action: string; reason?: string }> }>('GET', `/children/${childId}/audit`, { token: supervisorToken });
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'referral.override', reason: 'Imminent eviction; the guardian cannot be reached.' })]));

    const { consentId } = (await giveConsent(childId)).body;
    expect((await refer(childId, housingReferral({ service: 'legal_aid', providerKind: 'ngo' }))).status).toBe(201);
    await api.request('POST', `/children/${childId}/consents/${consentId}/withdrawal`, { token: workerToken, body: { reason: 'The child changed their mind.' } });
    expect((await refer(childId, housingReferral({ service: 'legal_aid', providerKind: 'ngo' }))).status).toBe(409);
    // A service of the child's own organisation sends nothing out: no consent needed.
    expect((await refer(childId, housingReferral({ service: 'psychosocial', providerKind: 'ngo', inHouse: true }))).status).toBe(201);
    // What was made under the consent stays.
    const all = await api.request<{ items: Referral[] }>('GET', `/children/${childId}/referrals`, { token: workerToken });
    expect(all.body.items.map((r) => r.basis.kind)).toEqual(['override', 'consent', 'in_house']);
  });
});

describe('a retried referral', () => {
  it('with the same Idempotency-Key answers the first referral and refers nothing twice; the key with another body is 422', async () => {
    const childId = await enrol();
    await giveConsent(childId);
    const send = (body: unknown) => api.request<Referral>('POST', `/children/${childId}/referrals`, { token: workerToken, body, headers: { 'idempotency-key': `referral-${childId}` } });
    const first = await send(housingReferral());
    const retry = await send(housingReferral());
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.referralId).toBe(first.body.referralId);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await send(housingReferral({ service: 'legal_aid' }))).status).toBe(422);
    expect((await api.request<{ items: Referral[] }>('GET', `/children/${childId}/referrals`, { token: workerToken })).body.items).toHaveLength(1);
  });
});

describe('officers see referrals to their municipality only', () => {
  it('another municipality’s officer gets 404 on the referral and its moves, and an empty list', async () => {
    const childId = await enrol();
    await giveConsent(childId);
    const { referralId } = (await refer(childId, housingReferral())).body;
    expect((await api.request('GET', `/referrals/${referralId}`, { token: otherOfficerToken })).status).toBe(404);
    expect((await api.request('POST', `/referrals/${referralId}/acceptance`, { token: otherOfficerToken, body: {} })).status).toBe(404);
    const theirs = await api.request<{ items: Array<{ referralId: string }> }>('GET', '/referrals', { token: otherOfficerToken });
    expect(theirs.body.items.map((r) => r.referralId)).not.toContain(referralId);
    expect((await api.request('GET', '/referrals?municipalityId=skopje', { token: otherOfficerToken })).status).toBe(403);
    // A referral to an NGO is not the municipality's to see.
    const ngo = (await refer(childId, housingReferral({ service: 'legal_aid', providerKind: 'ngo' }))).body;
    expect((await api.request('GET', `/referrals/${ngo.referralId}`, { token: officerToken })).status).toBe(404);
    expect((await api.request('GET', `/referrals/${ngo.referralId}`, { token: await api.tokenFor(worker('worker-elsewhere', 'org-2')) })).status).toBe(404);
  });
});

describe('a referral to another municipality’s service', () => {
  it('is that municipality’s to see and act on while the child lives where it was referred from; a move ends it', async () => {
    const childId = await enrol();
    await giveConsent(childId);
    const { referralId } = (await refer(childId, housingReferral({ service: 'legal_aid', municipalityId: 'bitola' }))).body;
    expect((await api.request('GET', `/referrals/${referralId}`, { token: officerToken })).status).toBe(404);
    expect((await api.request('POST', `/referrals/${referralId}/acceptance`, { token: otherOfficerToken, body: {} })).status).toBe(200);

    const boss = supervisorToken;
    const { version } = (await api.request<{ version: number }>('GET', `/children/${childId}`, { token: boss })).body;
    expect((await api.request('PATCH', `/children/${childId}`, { token: boss, body: { version, municipalityId: 'ohrid' } })).status).toBe(200);
    expect((await api.request('GET', `/referrals/${referralId}`, { token: otherOfficerToken })).status).toBe(404);
    expect((await api.request('GET', `/referrals/${referralId}`, { token: workerToken })).status).toBe(200);
  });
});

describe('the sweep and overdue referrals', () => {
  it('a referral left past its due day raises one referral_overdue flag over two sweeps, and a ReferralOverdue event', async () => {
    const childId = await enrol();
    await giveConsent(childId);
    const { referralId } = (await refer(childId, housingReferral({ dueBy: '2026-06-25' }))).body;
    // Two nights past its due day: the first sweep flags it, the second finds it gone from the deadline index.
    for (const night of ['2026-06-27', '2026-06-28']) {
      await api.setClock(`${night}T02:00:00Z`);
      expect((await api.request('POST', '/sweeps', { token: adminToken })).status).toBe(200);
    }
    await api.setClock('2026-06-20T09:00:00Z');

    const flags = await api.request<{ items: FlagView[] }>('GET', '/flags?type=referral_overdue', { token: workerToken });
    const overdue = flags.body.items.filter((f) => f.evidence.referralId === referralId);
    expect(overdue).toEqual([expect.objectContaining({ type: 'referral_overdue', severity: 'medium', domain: 'housing', status: 'open' })]);
    const inbox = await api.request<{ items: Array<{ type: string }> }>('GET', '/flags?type=referral_overdue', { token: officerToken });
    expect(inbox.body.items.length).toBeGreaterThan(0);
    const outbox = await api.request<{ items: Array<{ type: string; detail: { referralId?: string } }> }>('GET', '/local/outbox');
    expect(outbox.body.items.filter((e) => e.detail.referralId === referralId).map((e) => e.type)).toEqual(['ReferralOverdue', 'ReferralRequested']);
  }, 90_000);

  it('a referral delivered in time raises nothing', async () => {
    const childId = await enrol();
    await giveConsent(childId);
    const { referralId } = (await refer(childId, housingReferral({ dueBy: '2026-06-25' }))).body;
    await api.request('POST', `/referrals/${referralId}/acceptance`, { token: officerToken, body: {} });
    await api.request('POST', `/referrals/${referralId}/delivery`, { token: officerToken, body: { delivered: true, deliveredOn: '2026-06-20' } });
    await api.setClock('2026-06-27T02:00:00Z');
    await api.request('POST', '/sweeps', { token: adminToken });
    await api.setClock('2026-06-20T09:00:00Z');
    const flags = await api.request<{ items: FlagView[] }>('GET', '/flags?type=referral_overdue', { token: workerToken });
    expect(flags.body.items.filter((f) => f.evidence.referralId === referralId)).toEqual([]);
  });
});

describe('bad input', () => {
  it('a due day in the past, a municipality for an NGO, an unknown municipality and a flag of another child are 400, and nothing is referred', async () => {
    const childId = await enrol();
    const other = await enrol();
    await giveConsent(childId);
    const otherFlag = await api.request<{ flagId: string }>('POST', `/children/${other}/concerns`, { token: workerToken, body: { type: 'other', note: 'x' } });
    for (const body of [
      housingReferral({ dueBy: '2026-06-19' }),
      housingReferral({ providerKind: 'ngo', municipalityId: 'skopje' }),
      housingReferral({ municipalityId: 'atlantis' }),
      housingReferral({ flagId: otherFlag.body.flagId }),
      housingReferral({ service: 'teleportation' }),
    ]) {
      expect((await refer(childId, body)).status).toBe(400);
    }
    expect((await api.request<{ items: Referral[] }>('GET', `/children/${childId}/referrals`, { token: workerToken })).body.items).toEqual([]);
  });
});

describe('municipal sharing withdrawn', () => {
  it('reduces what the officer sees of the child to the flag and the referral alone, from that moment, until it is given again', async () => {
    const childId = await enrol();
    await giveConsent(childId);
    const sharing = await api.request<{ consentId: string }>('POST', `/children/${childId}/consents`, {
      token: workerToken,
      body: { scope: 'municipal_sharing', givenBy: 'child', givenOn: '2026-06-01' },
    });
    const concern = await api.request<{ flagId: string }>('POST', `/children/${childId}/concerns`, { token: workerToken, body: { type: 'missing', note: 'Not at the shelter.' } });
    const { referralId } = (await refer(childId, housingReferral())).body;
    const officerSees = async () => [
      (await api.request<{ child?: unknown }>('GET', `/flags/${concern.body.flagId}`, { token: officerToken })).body,
      (await api.request<{ child?: unknown }>('GET', `/referrals/${referralId}`, { token: officerToken })).body,
    ];
    for (const view of await officerSees()) expect(view.child).toEqual(expect.objectContaining({ caseCode: expect.any(String) }));

    expect((await api.request('POST', `/children/${childId}/consents/${sharing.body.consentId}/withdrawal`, { token: workerToken, body: {} })).status).toBe(200);
    for (const view of await officerSees()) {
      expect(view).not.toHaveProperty('child');
      expect(view).toMatchObject({ municipalityId: 'skopje' });
    }
    // The inbox too, read to its end (the sweeps of other tests raised later flags, listed first).
    const inbox: Array<{ flagId: string; child?: unknown }> = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: { items: typeof inbox; nextCursor: string | null } } = await api.request('GET', `/flags?type=concern&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: officerToken });
      inbox.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const listed = inbox.find((f) => f.flagId === concern.body.flagId);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('child');
    const seenByWorker = await api.request<{ municipalSharingWithdrawn?: boolean }>('GET', `/children/${childId}`, { token: workerToken });
    expect(seenByWorker.body.municipalSharingWithdrawn).toBe(true);

    expect(
      (await api.request('POST', `/children/${childId}/consents`, { token: workerToken, body: { scope: 'municipal_sharing', givenBy: 'guardian', givenOn: '2026-06-20' } })).status,
    ).toBe(201);
    for (const view of await officerSees()) expect(view.child).toEqual(expect.objectContaining({ caseCode: expect.any(String) }));
  });
});
