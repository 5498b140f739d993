import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pseudonym } from '../../lib/domain/deidentified-export';
import { METRIC, METRICS_NAMESPACE } from '../../lib/metric-names';
import { addDays, addMonths, todayIn, type IsoDate } from '../../lib/domain/dates';
import type { Principal } from '../../lib/auth/principal';
import { iamRequestsOf, type IamRequest } from './iam/calls';
import { directoryOf } from './iam/directory';
import { simulateFunctionRequests, unusedPermissions } from './iam/simulate';
import { readSynthesizedAssembly, TARGET } from './support/cloud-assembly';
import { DeployedStack, type RouteAnswer } from './support/deployed-stack';
import { deliverThroughRules } from './support/event-delivery';
import { documentedUnusedPermissions } from './support/unused-permissions';
import { expectNear, type Figure } from '../support/released-figures';

/**
 * The deployed form, proven: every function of the synthesized template runs from its own bundle in cdk.out, in
 * a bare node process with the template's environment, invoked the way API Gateway, EventBridge Scheduler and the
 * event source mapping invoke it, on stand-ins for the services it calls (docs/cloud-tier.md). The tests of this
 * file share one running stack and follow one another: a worker's day, the night's sweep, the stream consumers,
 * an evaluator's morning, then the IAM simulation of every call made.
 */
jest.setTimeout(180_000);

let stack: DeployedStack;

/** Where the run writes what a reader may want to see (git-ignored). */
const REPORTS = path.resolve(__dirname, '../../reports/cloud-tier');

const worker: Principal = { role: 'social_worker', sub: 'worker-cloud', organisationId: 'org-cloud' };
const colleague: Principal = { role: 'social_worker', sub: 'worker-cloud-2', organisationId: 'org-cloud' };
const supervisor: Principal = { role: 'supervisor', sub: 'supervisor-cloud', organisationId: 'org-cloud' };
const otherSupervisor: Principal = { role: 'supervisor', sub: 'supervisor-elsewhere', organisationId: 'org-elsewhere' };
const officer: Principal = { role: 'municipal_officer', sub: 'officer-cloud', municipalityIds: ['cloud-town'] };
const evaluator: Principal = { role: 'evaluator', sub: 'evaluator-cloud' };
const admin: Principal = { role: 'admin', sub: 'admin-cloud' };

/** Dates relative to the day the suite runs: the functions read the real clock, as in AWS. */
const today = todayIn('Europe/Belgrade', new Date());
const enrolledOn = addMonths(today, -6);

/** Twelve children, one class of the export's k = 11: same age band, sex, municipality and cohort. */
const CHILDREN = 12;
const childIds: string[] = [];
let closingChildId: string;

const enrolment = (caseCode: string, municipalityId: string, on: IsoDate) => ({
  caseCode,
  givenName: 'Ana',
  familyName: 'Petrova',
  birthDate: '2012-05-01',
  sex: 'female',
  municipalityId,
  riskLevel: 'medium',
  enrolledOn: on,
  baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' },
});

function expectStatus(answer: RouteAnswer, status: number): void {
  if (answer.statusCode !== status) throw new Error(`expected ${status}, got ${answer.statusCode}: ${answer.body}`);
}

const json = <T>(answer: RouteAnswer): T => answer.json as T;

beforeAll(async () => {
  stack = await DeployedStack.start(readSynthesizedAssembly());
});

afterAll(async () => {
  await stack?.stop();
});

test('every function of the template starts from its own bundle with the template’s environment', () => {
  const functions = [...stack.containers.values()];
  expect(functions.length).toBeGreaterThanOrEqual(28);
  expect(functions.filter((c) => c.initError).map((c) => `${c.fn.description}: ${c.initError!.message}`)).toEqual([]);
  // Each is its own bundle: the SDK comes from the runtime, not from the bundle.
  expect(new Set(functions.map((c) => c.fn.assetDir)).size).toBe(functions.length);
});

describe('a social worker’s day, route by route', () => {
  test('reference data first: an admin puts the municipalities children live in (201, then 200), and any role lists them', async () => {
    for (const [municipalityId, name] of [['cloud-town', 'Cloud Town'], ['other-town', 'Other Town']] as const) {
      expectStatus(await stack.invokeRoute('PUT /municipalities/{municipalityId}', { principal: admin, pathParameters: { municipalityId }, body: { name } }), 201);
    }
    expectStatus(await stack.invokeRoute('PUT /municipalities/{municipalityId}', { principal: admin, pathParameters: { municipalityId: 'cloud-town' }, body: { name: 'Cloud Town' } }), 200);
    const listed = await stack.invokeRoute('GET /municipalities', { principal: worker });
    expectStatus(listed, 200);
    expect(json<{ items: Array<{ municipalityId: string }> }>(listed).items.map((m) => m.municipalityId)).toEqual(['cloud-town', 'other-town']);
  });

  test('enrol: 201 with the child and its schedule', async () => {
    for (let n = 0; n < CHILDREN; n++) {
      const answer = await stack.invokeRoute('POST /children', { principal: worker, body: enrolment(`CT-${n}`, 'cloud-town', enrolledOn) });
      expectStatus(answer, 201);
      childIds.push(json<{ child: { childId: string } }>(answer).child.childId);
    }
    const dueSoon = await stack.invokeRoute('POST /children', { principal: worker, body: enrolment('CT-DUE-SOON', 'other-town', addDays(addMonths(today, -1), 3)) });
    expectStatus(dueSoon, 201);
    const closing = await stack.invokeRoute('POST /children', { principal: worker, body: enrolment('CT-CLOSE', 'other-town', today) });
    expectStatus(closing, 201);
    closingChildId = json<{ child: { childId: string } }>(closing).child.childId;
  });

  test('read: the caseload, a child, its schedule and the agenda', async () => {
    const caseload = await stack.invokeRoute('GET /children', { principal: worker, query: { limit: '50' } });
    expectStatus(caseload, 200);
    expect(json<{ items: unknown[] }>(caseload).items).toHaveLength(CHILDREN + 2);
    const child = await stack.invokeRoute('GET /children/{childId}', { principal: worker, pathParameters: { childId: childIds[0]! } });
    expectStatus(child, 200);
    expect(json<{ caseCode: string }>(child).caseCode).toBe('CT-0');
    const schedule = await stack.invokeRoute('GET /children/{childId}/checkpoints', { principal: worker, pathParameters: { childId: childIds[0]! } });
    expectStatus(schedule, 200);
    const agenda = await stack.invokeRoute('GET /agenda', { principal: worker, query: { from: enrolledOn, to: addDays(today, 30) } });
    expectStatus(agenda, 200);
  });

  test('visits: logged with the child’s view, a retry answered from the first, a fall in housing raises a regression flag', async () => {
    const visitedOn = addDays(today, -3);
    for (const [n, childId] of childIds.entries()) {
      const answer = await stack.invokeRoute('POST /children/{childId}/visits', {
        principal: worker,
        pathParameters: { childId },
        headers: { 'idempotency-key': `cloud-visit-${n}` },
        body: {
          visitedOn,
          contactType: 'home',
          assessments: { housing: { level: n === 0 ? 'critical' : 'stable' } },
          childView: { rating: 4, words: 'School is fine.' },
        },
      });
      expectStatus(answer, 201);
      if (n === 0) {
        expect(json<{ raisedFlags: Array<{ type: string }> }>(answer).raisedFlags.map((f) => f.type)).toContain('regression');
        const retry = await stack.invokeRoute('POST /children/{childId}/visits', {
          principal: worker,
          pathParameters: { childId },
          headers: { 'idempotency-key': 'cloud-visit-0' },
          body: { visitedOn, contactType: 'home', assessments: { housing: { level: 'critical' } }, childView: { rating: 4, words: 'School is fine.' } },
        });
        expect(retry.body).toBe(answer.body);
      }
    }
    const visits = await stack.invokeRoute('GET /children/{childId}/visits', { principal: worker, pathParameters: { childId: childIds[0]! } });
    expectStatus(visits, 200);
    expect(json<{ items: unknown[] }>(visits).items).toHaveLength(1);
    const timeline = await stack.invokeRoute('GET /children/{childId}/timeline', { principal: worker, pathParameters: { childId: childIds[0]! } });
    expectStatus(timeline, 200);
  });

  test('a concern: the worker raises one about a child of their caseload, 201, a high concern flag', async () => {
    const raised = await stack.invokeRoute('POST /children/{childId}/concerns', {
      principal: worker,
      pathParameters: { childId: childIds[1]! },
      body: { type: 'missing', note: 'Not at the shelter since yesterday evening.' },
    });
    expectStatus(raised, 201);
    expect(json<{ type: string; concernType: string; severity: string }>(raised)).toMatchObject({ type: 'concern', concernType: 'missing', severity: 'high' });
  });

  test('consent: the guardian’s referral consent recorded (201), listed, then withdrawn from that moment (200)', async () => {
    const childId = childIds[2]!;
    const recorded = await stack.invokeRoute('POST /children/{childId}/consents', {
      principal: worker,
      pathParameters: { childId },
      body: { scope: 'referral', givenBy: 'guardian', givenOn: addDays(today, -1) },
    });
    expectStatus(recorded, 201);
    const { consentId } = json<{ consentId: string }>(recorded);
    const withdrawn = await stack.invokeRoute('POST /children/{childId}/consents/{consentId}/withdrawal', {
      principal: worker,
      pathParameters: { childId, consentId },
      body: { reason: 'The guardian asked to stop.' },
    });
    expectStatus(withdrawn, 200);
    const listed = await stack.invokeRoute('GET /children/{childId}/consents', { principal: worker, pathParameters: { childId } });
    expectStatus(listed, 200);
    expect(json<{ items: Array<{ consentId: string; withdrawal?: { reason?: string } }> }>(listed).items).toEqual([
      expect.objectContaining({ consentId, withdrawal: expect.objectContaining({ reason: 'The guardian asked to stop.' }) }),
    ]);
  });

  test('referrals: on the child’s consent, one to the town’s housing service and one to an NGO (201), listed for the child', async () => {
    const childId = childIds[3]!;
    expectStatus(
      await stack.invokeRoute('POST /children/{childId}/consents', { principal: worker, pathParameters: { childId }, body: { scope: 'referral', givenBy: 'child', givenOn: today } }),
      201,
    );
    for (const body of [
      { domain: 'housing', service: 'housing', providerKind: 'municipality', dueBy: addDays(today, 14) },
      { domain: 'housing', service: 'family_support', providerKind: 'municipality', dueBy: addDays(today, 14) },
      { domain: 'health', service: 'legal_aid', providerKind: 'ngo', dueBy: addDays(today, 30) },
    ]) {
      expectStatus(await stack.invokeRoute('POST /children/{childId}/referrals', { principal: worker, pathParameters: { childId }, body }), 201);
    }
    const listed = await stack.invokeRoute('GET /children/{childId}/referrals', { principal: worker, pathParameters: { childId } });
    expectStatus(listed, 200);
    expect(json<{ items: Array<{ status: string }> }>(listed).items.map((r) => r.status)).toEqual(['requested', 'requested', 'requested']);
  });

  test('plan: the first plan written (201), a stale version refused (409), the plan read (200) and its review on the agenda', async () => {
    const childId = childIds[3]!;
    const body = {
      version: 0,
      reviewOn: addDays(today, 20),
      childParticipated: true,
      childViewOnPlan: 'I want to finish the school year.',
      goals: [
        {
          domain: 'education',
          goal: 'Finish the school year.',
          status: 'open',
          actions: [{ description: 'Meet the class teacher.', responsible: 'case worker', dueBy: addDays(today, 10), status: 'planned' }],
        },
      ],
    };
    const written = await stack.invokeRoute('PUT /children/{childId}/plan', { principal: worker, pathParameters: { childId }, body });
    expectStatus(written, 201);
    expect(json<{ version: number }>(written).version).toBe(1);
    const stale = await stack.invokeRoute('PUT /children/{childId}/plan', { principal: worker, pathParameters: { childId }, body });
    expectStatus(stale, 409);
    const read = await stack.invokeRoute('GET /children/{childId}/plan', { principal: worker, pathParameters: { childId } });
    expectStatus(read, 200);
    expect(json<{ version: number; revisions: Array<{ by: string }> }>(read)).toMatchObject({ version: 1, revisions: [{ by: 'worker-cloud' }] });
    const agenda = await stack.invokeRoute('GET /agenda', { principal: worker, query: { from: today, to: addDays(today, 30) } });
    expectStatus(agenda, 200);
    expect(json<{ items: Array<{ kind: string; childId: string }> }>(agenda).items.filter((i) => i.childId === childId).map((i) => i.kind)).toEqual(
      expect.arrayContaining(['plan_action', 'plan_review']),
    );
  });

  test('changes: risk level, a checkpoint cancelled, a case closed, reopened and closed again', async () => {
    const child = json<{ version: number }>(
      await stack.invokeRoute('GET /children/{childId}', { principal: worker, pathParameters: { childId: closingChildId } }),
    );
    const update = await stack.invokeRoute('PATCH /children/{childId}', {
      principal: worker,
      pathParameters: { childId: closingChildId },
      body: { version: child.version, riskLevel: 'high' },
    });
    expectStatus(update, 200);
    const schedule = json<{ items: Array<{ checkpointId: string }> }>(
      await stack.invokeRoute('GET /children/{childId}/checkpoints', { principal: worker, pathParameters: { childId: closingChildId } }),
    );
    const cancel = await stack.invokeRoute('PATCH /children/{childId}/checkpoints/{checkpointId}', {
      principal: worker,
      pathParameters: { childId: closingChildId, checkpointId: schedule.items.at(-1)!.checkpointId },
      body: { action: 'cancel', reason: 'the family moves at the end of the programme' },
    });
    expectStatus(cancel, 200);
    // A supervisor reassigns the case: only to a social worker of the organisation whom the user pool knows.
    const current = json<{ version: number }>(
      await stack.invokeRoute('GET /children/{childId}', { principal: supervisor, pathParameters: { childId: closingChildId } }),
    );
    const reassign = (caseWorkerId: string) =>
      stack.invokeRoute('PATCH /children/{childId}', { principal: supervisor, pathParameters: { childId: closingChildId }, body: { version: current.version, caseWorkerId } });
    const unknown = await reassign('nobody-in-the-pool');
    expectStatus(unknown, 400);
    expect(json<{ errors: Array<{ path: string }> }>(unknown).errors.map((e) => e.path)).toEqual(['body.caseWorkerId']);
    await stack.issuer.idToken(colleague);
    expectStatus(await reassign(colleague.sub), 200);
    expect(stack.cognito.received.map((r) => r.operation).sort()).toEqual(['AdminGetUser', 'AdminGetUser', 'AdminListGroupsForUser', 'AdminListGroupsForUser']);
    // And enrols a child onto that colleague's caseload, which asks the user pool too.
    const assigned = await stack.invokeRoute('POST /children', {
      principal: supervisor,
      body: { ...enrolment('CT-ASSIGNED', 'other-town', today), caseWorkerId: colleague.sub },
    });
    expectStatus(assigned, 201);
    const closure = await stack.invokeRoute('POST /children/{childId}/closure', {
      principal: supervisor,
      pathParameters: { childId: closingChildId },
      body: { reason: 'other', outcome: 'unknown' },
    });
    expectStatus(closure, 200);
    // Reopened after a relapse, then closed again: the case keeps one history through both.
    const reopened = await stack.invokeRoute('POST /children/{childId}/reopening', {
      principal: supervisor,
      pathParameters: { childId: closingChildId },
      body: { reason: 'The family returned; the school reports absences again.' },
    });
    expectStatus(reopened, 200);
    expect(json<{ status: string; reopenings: unknown[] }>(reopened)).toMatchObject({ status: 'active', reopenings: [expect.anything()] });
    expectStatus(
      await stack.invokeRoute('POST /children/{childId}/closure', { principal: supervisor, pathParameters: { childId: closingChildId }, body: { reason: 'other', outcome: 'unknown' } }),
      200,
    );
  });

  test('a supervisor of another organisation breaks the glass, and the case’s supervisor reads the audit trail', async () => {
    const grant = await stack.invokeRoute('POST /children/{childId}/emergency-access', {
      principal: otherSupervisor,
      pathParameters: { childId: closingChildId },
      body: { reason: 'Police report tonight: the child is missing from the placement.' },
    });
    expectStatus(grant, 201);
    const audit = await stack.invokeRoute('GET /children/{childId}/audit', { principal: supervisor, pathParameters: { childId: closingChildId } });
    expectStatus(audit, 200);
    expect(json<{ items: Array<{ action: string }> }>(audit).items.length).toBeGreaterThan(0);
  });
});

describe('the night: the scheduled sweep and the stream consumers', () => {
  test('EventBridge Scheduler’s invocation of the sweep marks missed checkpoints and raises missed-visit flags', async () => {
    const [run, ...others] = await stack.runSchedules();
    expect(others).toHaveLength(0);
    expect(run!.error).toBeUndefined();
    const report = run!.result as { missed: number; flagsRaised: number; complete: boolean };
    // Six months in, monthly checkpoints: the first five are past their grace, for each of twelve children.
    expect(report.missed).toBeGreaterThanOrEqual(CHILDREN * 4);
    expect(report.flagsRaised).toBeGreaterThanOrEqual(CHILDREN * 4);
    expect(report.complete).toBe(true);
    // The child enrolled a month ago less three days has its first visit due in three days: tonight's reminder.
    expect((run!.result as { remindersSent: number }).remindersSent).toBeGreaterThanOrEqual(1);
    // What keeps the dead-man's switch quiet: the run's metrics, in the function's log as CloudWatch reads them.
    const sweepMetrics = stack.containerOf(run!.description).metrics();
    expect(sweepMetrics).toContainEqual(
      expect.objectContaining({ [METRIC.sweepCompleted]: 1, [METRIC.checkpointsMissed]: report.missed, [METRIC.sweepFlagsRaised]: report.flagsRaised }),
    );
    expect(JSON.stringify(sweepMetrics)).toContain(`"Namespace":"${METRICS_NAMESPACE}"`);
  });

  test('the flag-event publisher, fed from the table’s stream, puts every new flag on the bus', async () => {
    await stack.drainStreams();
    expect(stack.parkedRecords()).toBe(0);
    const events = stack.eventBridge.received.flatMap((request) => request.input.Entries as Array<{ DetailType: string; Detail: string; EventBusName: string }>);
    const raised = events.filter((e) => e.DetailType === 'FlagRaised').map((e) => JSON.parse(e.Detail) as { type: string; municipalityId: string });
    expect(new Set(raised.map((e) => e.type))).toEqual(new Set(['regression', 'missed_visit', 'lost_contact', 'concern']));
    expect(events.some((e) => e.DetailType === 'EmergencyAccessGranted')).toBe(true);
    const published = stack.containerOf('Table stream → FlagRaised / FlagEscalated on the event bus').metrics();
    expect(published.filter((m) => m.type === 'missed_visit').reduce((sum, m) => sum + Number(m[METRIC.flagsRaised] ?? 0), 0)).toBe(
      raised.filter((e) => e.type === 'missed_visit').length,
    );
    const bus = stack.containerOf('Table stream → FlagRaised / FlagEscalated on the event bus').fn.environment.EVENT_BUS_NAME;
    expect(new Set(events.map((e) => e.EventBusName))).toEqual(new Set([bus]));
  });

  test('the template’s rules deliver flags to the municipal topic, escalations to the supervisors’ topic and reminders to each worker’s, filterable per subscriber', () => {
    const events = stack.eventBridge.received.flatMap((request) => request.input.Entries as Array<{ Source: string; DetailType: string; Detail: string }>);
    const deliveries = deliverThroughRules(stack.assembly.template, events);
    const municipal = deliveries.filter((d) => /MunicipalFlags/.test(d.topicLogicalId));
    // Every flag raised, and every referral to a municipal service.
    expect(events.filter((e) => e.DetailType === 'ReferralRequested')).toHaveLength(2);
    expect(municipal.length).toBe(events.filter((e) => e.DetailType === 'FlagRaised' || e.DetailType === 'ReferralRequested').length);
    const skopjeOfficers = { municipalityId: ['cloud-town'] };
    expect(municipal.every((d) => d.matchesFilterPolicy(skopjeOfficers))).toBe(true);
    expect(municipal.some((d) => d.matchesFilterPolicy({ municipalityId: ['elsewhere'] }))).toBe(false);
    for (const delivery of municipal) expect(delivery.body).not.toHaveProperty('caseWorkerId');
    // An escalation (the sweep escalates after days this run cannot wait for) takes the supervisors' route too.
    const escalated = { Source: 'reintegration.flags', DetailType: 'FlagEscalated', Detail: events.find((e) => e.DetailType === 'FlagRaised')!.Detail };
    const routes = deliverThroughRules(stack.assembly.template, [escalated]);
    const toSupervisors = routes.find((d) => /SupervisorFlags/.test(d.topicLogicalId));
    expect(toSupervisors?.matchesFilterPolicy({ organisationId: ['org-cloud'] })).toBe(true);
    expect(routes.filter((d) => /MunicipalFlags/.test(d.topicLogicalId))).toHaveLength(1);
    // The sweep's reminders came through the stream and the bus: counts only, to the worker's own subscription.
    const reminders = events.filter((e) => e.DetailType === 'VisitsDue');
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    for (const reminder of reminders) expect(Object.keys(JSON.parse(reminder.Detail) as object).sort()).toEqual(['caseWorkerId', 'day', 'dueSoon', 'eventId', 'organisationId', 'overdue']);
    const toWorkers = deliverThroughRules(stack.assembly.template, reminders).filter((d) => /VisitReminders/.test(d.topicLogicalId));
    expect(toWorkers).toHaveLength(reminders.length);
    expect(toWorkers.some((d) => d.matchesFilterPolicy({ caseWorkerId: [worker.sub] }))).toBe(true);
    expect(toWorkers.some((d) => d.matchesFilterPolicy({ caseWorkerId: ['someone-else'] }))).toBe(false);
  });
});

describe('the morning: officers act on flags, an admin sweeps again, an evaluator reads the figures', () => {
  test('an officer lists, reads, acknowledges and resolves a flag of their municipality', async () => {
    const inbox = await stack.invokeRoute('GET /flags', { principal: officer, query: { type: 'missed_visit', limit: '5' } });
    expectStatus(inbox, 200);
    const [flag] = json<{ items: Array<{ flagId: string }> }>(inbox).items;
    const one = await stack.invokeRoute('GET /flags/{flagId}', { principal: officer, pathParameters: { flagId: flag!.flagId } });
    expectStatus(one, 200);
    expectStatus(await stack.invokeRoute('POST /flags/{flagId}/acknowledgement', { principal: officer, pathParameters: { flagId: flag!.flagId }, body: {} }), 200);
    expectStatus(
      await stack.invokeRoute('POST /flags/{flagId}/resolution', {
        principal: officer,
        pathParameters: { flagId: flag!.flagId },
        body: { note: 'Visit rescheduled with the family.', actionTaken: 'called the family' },
      }),
      200,
    );
  });

  test('an officer lists the referrals to the town’s services, accepts and delivers one, declines the other; the worker cancels the NGO’s', async () => {
    const inbox = await stack.invokeRoute('GET /referrals', { principal: officer });
    expectStatus(inbox, 200);
    const [first, second] = json<{ items: Array<{ referralId: string; service: string }> }>(inbox).items.sort((a, b) => a.service.localeCompare(b.service));
    expect([first!.service, second!.service]).toEqual(['family_support', 'housing']);
    const on = (referralId: string) => ({ principal: officer, pathParameters: { referralId } });
    expectStatus(await stack.invokeRoute('GET /referrals/{referralId}', on(second!.referralId)), 200);
    expectStatus(await stack.invokeRoute('POST /referrals/{referralId}/acceptance', { ...on(second!.referralId), body: {} }), 200);
    expectStatus(await stack.invokeRoute('POST /referrals/{referralId}/delivery', { ...on(second!.referralId), body: { delivered: true, deliveredOn: today } }), 200);
    expectStatus(await stack.invokeRoute('POST /referrals/{referralId}/decline', { ...on(first!.referralId), body: { reason: 'No family worker free this month.' } }), 200);
    const mine = await stack.invokeRoute('GET /children/{childId}/referrals', { principal: worker, pathParameters: { childId: childIds[3]! } });
    const ngo = json<{ items: Array<{ referralId: string; providerKind: string }> }>(mine).items.find((r) => r.providerKind === 'ngo')!;
    expectStatus(
      await stack.invokeRoute('POST /referrals/{referralId}/cancellation', { principal: worker, pathParameters: { referralId: ngo.referralId }, body: { reason: 'The NGO closed its office.' } }),
      200,
    );
  });

  test('POST /sweeps by an admin runs the same sweep: nothing is raised twice', async () => {
    const answer = await stack.invokeRoute('POST /sweeps', { principal: admin });
    expectStatus(answer, 200);
    expect(json<{ flagsRaised: number }>(answer).flagsRaised).toBe(0);
  });

  test('an evaluator’s outcomes, report and export: the projector kept the figures, the export is keyed with the secret from Secrets Manager', async () => {
    await stack.drainStreams();
    const outcomes = await stack.invokeRoute('GET /outcomes', { principal: evaluator, query: { municipalityId: 'cloud-town' } });
    expectStatus(outcomes, 200);
    expectNear(json<{ figures: { children: Figure } }>(outcomes).figures.children, CHILDREN);
    const report = await stack.invokeRoute('GET /outcomes/report', { principal: evaluator, query: { municipalityId: 'cloud-town' } });
    expectStatus(report, 200);
    expect(report.body).toContain('<svg');

    const exported = await stack.invokeRoute('GET /outcomes/export', { principal: evaluator, query: { municipalityId: 'cloud-town' } });
    expectStatus(exported, 200);
    const rows = exported.body.trim().split('\n').map((line) => JSON.parse(line) as { pseudonym?: string; trailer?: boolean });
    const pseudonyms = new Set(rows.filter((r) => !r.trailer).map((r) => r.pseudonym));
    expect(pseudonyms).toEqual(new Set(childIds.map((id) => pseudonym(id, stack.exportSecretValue))));
    const exporter = stack.assembly.routes.get('GET /outcomes/export')!;
    expect(stack.secretsManager.received).toEqual([
      { operation: 'GetSecretValue', input: expect.objectContaining({ SecretId: exporter.environment.EXPORT_PSEUDONYM_SECRET_ARN }) },
    ]);
  });

  test('the public routes answer without a token', async () => {
    for (const key of ['GET /health', 'GET /openapi.json', 'GET /docs']) expectStatus(await stack.invokeRoute(key), 200);
    expectStatus(await stack.invokeRoute('GET /docs/{asset}', { pathParameters: { asset: 'swagger-ui.css' } }), 200);
  });

  test('the deployed contract lists every deployed route and none of the local runtime’s (dev tokens, clock, outbox)', async () => {
    const document = json<{ paths: Record<string, Record<string, unknown>>; tags: Array<{ name: string }> }>(await stack.invokeRoute('GET /openapi.json'));
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([...stack.assembly.routes.keys()].sort());
    expect(document.tags.map((tag) => tag.name)).not.toContain('Local runtime');
  });
});

describe('what the run proves about the stack as a whole', () => {
  test('every audit record written in the run was put on the condition that it is new: none can replace another', () => {
    const isAudit = (item: unknown) => /^AUDIT#/.test(String((item as { pk?: { S?: string } } | undefined)?.pk?.S ?? ''));
    const puts = [...stack.containers.values()].flatMap((c) =>
      c.calls.flatMap((call) => {
        const input = call.input as { Item?: unknown; ConditionExpression?: string; TransactItems?: Array<{ Put?: { Item: unknown; ConditionExpression?: string } }>; RequestItems?: unknown };
        expect({ command: call.command, auditInBatch: call.command === 'BatchWriteItemCommand' && JSON.stringify(input.RequestItems).includes('AUDIT#') }).toEqual({ command: call.command, auditInBatch: false });
        if (call.command === 'PutItemCommand') return [{ item: input.Item, condition: input.ConditionExpression }];
        if (call.command === 'TransactWriteItemsCommand') return (input.TransactItems ?? []).flatMap((t) => (t.Put ? [{ item: t.Put.Item, condition: t.Put.ConditionExpression }] : []));
        return [];
      }),
    );
    const audits = puts.filter((put) => isAudit(put.item));
    expect(audits.length).toBeGreaterThan(20);
    expect(audits.filter((put) => !/attribute_not_exists/.test(put.condition ?? ''))).toEqual([]);
  });

  test('every function was invoked, and none failed', () => {
    const idle = [...stack.containers.values()].filter((c) => c.invocations === 0).map((c) => c.fn.description);
    expect(idle).toEqual([]);
    const failed = [...stack.containers.values()].filter((c) => c.failures > 0).map((c) => c.fn.description);
    expect(failed).toEqual([]);
  });

  test('least privilege: every AWS call each function made is allowed by its role, and every permission never used is accounted for', async () => {
    const { template } = stack.assembly;
    const names = directoryOf(template, TARGET);
    const denies: string[] = [];
    const unused: string[] = [];
    for (const container of stack.containers.values()) {
      const requests: IamRequest[] = stack.callsOf(container.fn.logicalId).flatMap((call) => iamRequestsOf(call, TARGET, names));
      const decisions = await simulateFunctionRequests(template, container.fn.logicalId, requests, TARGET);
      for (const d of decisions.filter((decision) => decision.result !== 'Allowed')) {
        denies.push(`${container.fn.description}: ${d.request.action} on ${d.request.resource} → ${d.result} (${d.detail ?? ''})`);
      }
      for (const permission of unusedPermissions(template, container.fn.logicalId, requests, TARGET)) {
        unused.push(`${container.fn.description}: ${permission.action} on ${permission.resource}`);
      }
    }
    // Named, every one: the run's list, for the reader of docs/decisions.md ("Permissions granted and not exercised").
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(path.join(REPORTS, 'unused-permissions.txt'), `${unused.join('\n')}\n`);
    expect(denies).toEqual([]);
    expect(unused.filter((line) => !documentedUnusedPermissions.some(({ pattern }) => pattern.test(line)))).toEqual([]);
    // The audit trail is append-only: no role may update, delete or batch-write an audit record.
    const auditKey = 'AUDIT#01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const table = stack.assembly.table.name;
    for (const container of stack.containers.values()) {
      if (!container.fn.environment.TABLE_NAME) continue;
      const attempts = [
        { service: 'DynamoDBClient', command: 'UpdateItemCommand', input: { TableName: table, Key: { pk: { S: auditKey }, sk: { S: 'x' } } } },
        { service: 'DynamoDBClient', command: 'DeleteItemCommand', input: { TableName: table, Key: { pk: { S: auditKey }, sk: { S: 'x' } } } },
        { service: 'DynamoDBClient', command: 'BatchWriteItemCommand', input: { RequestItems: { [table]: [{ PutRequest: { Item: { pk: { S: auditKey }, sk: { S: 'x' } } } }] } } },
      ].flatMap((call) => iamRequestsOf(call, TARGET, names).filter((r) => r.action.startsWith('dynamodb:')));
      const decisions = await simulateFunctionRequests(template, container.fn.logicalId, attempts, TARGET);
      expect({ fn: container.fn.description, allowed: decisions.filter((d) => d.result === 'Allowed').map((d) => d.request.action) }).toEqual({
        fn: container.fn.description,
        allowed: [],
      });
    }
    // And no justification outlives the permission it justified.
    expect(documentedUnusedPermissions.filter(({ pattern }) => !unused.some((line) => pattern.test(line))).map((p) => p.reason)).toEqual([]);
  });
});

