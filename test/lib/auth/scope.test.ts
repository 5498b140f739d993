import { assertRoleAllowed, caseloadScope, flagListOwner } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/principal';
import { checkChild, checkFlag, childVisibleTo, flagVisibleTo, type CaseManager, type FlagReader } from '../../../lib/auth/scope';
import type { Child } from '../../../lib/domain/case';
import type { Flag } from '../../../lib/domain/flags';
import { Conflict, Forbidden, HttpProblem, NotFound } from '../../../lib/http/problems';

const worker: CaseManager = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' };
const supervisor: CaseManager = { role: 'supervisor', sub: 'sup-1', organisationId: 'org-1' };
const otherSupervisor: CaseManager = { role: 'supervisor', sub: 'sup-2', organisationId: 'org-2' };
const officer: FlagReader = { role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje', 'bitola'] };
const evaluator: Principal = { role: 'evaluator', sub: 'eval-1' };
const admin: Principal = { role: 'admin', sub: 'admin-1' };

const child = (fields: Partial<Child>): Child => ({ childId: 'c1', caseWorkerId: 'worker-1', organisationId: 'org-1', municipalityId: 'skopje', ...fields }) as Child;
const ownChild = child({});
const colleaguesChild = child({ childId: 'c2', caseWorkerId: 'worker-2', municipalityId: 'ohrid' });
const otherOrgChild = child({ childId: 'c3', caseWorkerId: 'worker-9', organisationId: 'org-2' });
const flagIn = (municipalityId: string) => ({ municipalityId }) as Flag;

const noGrant = async () => false;
const granted = async () => true;

async function problemOf(fn: () => unknown): Promise<HttpProblem> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected an HttpProblem to be thrown');
}

describe('assertRoleAllowed: a role the route does not list gets 403', () => {
  it('a listed role passes', () => {
    expect(() => assertRoleAllowed(['social_worker', 'supervisor'], worker)).not.toThrow();
  });

  it.each<[Principal]>([[officer], [evaluator], [admin]])('%j on a case-management route is 403 Forbidden', async (principal) => {
    const problem = await problemOf(() => assertRoleAllowed(['social_worker', 'supervisor'], principal));
    expect(problem).toBeInstanceOf(Forbidden);
    expect(problem.detail).toContain(principal.role);
  });

  it('admin is not a super-role: it may not reach child routes', async () => {
    expect((await problemOf(() => assertRoleAllowed(['social_worker', 'supervisor', 'municipal_officer'], admin))).status).toBe(403);
  });
});

describe('a social worker sees their caseload within their organisation; a supervisor their organisation', () => {
  it('a social worker reaches a child whose caseWorkerId is them, in their organisation', () => {
    expect(childVisibleTo(worker, ownChild)).toBe(true);
  });

  it("a social worker does not reach a colleague's child", () => {
    expect(childVisibleTo(worker, colleaguesChild)).toBe(false);
  });

  it('the same worker id with another organisation in the token reaches nothing of the first organisation (finding 2)', () => {
    expect(childVisibleTo({ ...worker, organisationId: 'org-Z' }, ownChild)).toBe(false);
  });

  it('a supervisor reaches every child of their organisation, and none of another', () => {
    expect(childVisibleTo(supervisor, colleaguesChild)).toBe(true);
    expect(childVisibleTo(supervisor, otherOrgChild)).toBe(false);
  });

  it('a supervisor is not in scope of a child just because they are its case worker in another organisation', () => {
    expect(childVisibleTo(supervisor, child({ caseWorkerId: 'sup-1', organisationId: 'org-2' }))).toBe(false);
  });

  it.each<[Principal]>([[officer], [evaluator], [admin]])('%j sees no child record at all', (principal) => {
    expect(childVisibleTo(principal, ownChild)).toBe(false);
  });

  it('after a transfer to another case worker, the former worker sees nothing: the rule reads the child as it is now', () => {
    expect(childVisibleTo(worker, { ...ownChild, caseWorkerId: 'worker-2' })).toBe(false);
  });
});

describe('checkChild: the shared handler’s check, with break-the-glass read-only', () => {
  it('a child out of scope is answered exactly like one that does not exist (404, existence never confirmed)', async () => {
    const missing = await problemOf(() => checkChild(worker, undefined, 'read', noGrant));
    const outOfScope = await problemOf(() => checkChild(worker, colleaguesChild, 'read', noGrant));
    expect(missing).toBeInstanceOf(NotFound);
    expect({ ...missing, instance: undefined }).toEqual({ ...outOfScope, instance: undefined });
  });

  it('break-the-glass lets a supervisor of another organisation read the child while the grant lasts', async () => {
    await expect(checkChild(otherSupervisor, ownChild, 'read', granted)).resolves.toBe(ownChild);
    expect(await problemOf(() => checkChild(otherSupervisor, ownChild, 'read', noGrant))).toBeInstanceOf(NotFound);
  });

  it('break-the-glass never writes: with a grant, a change of the child is still 404 (finding 1)', async () => {
    expect(await problemOf(() => checkChild(otherSupervisor, ownChild, 'write', granted))).toBeInstanceOf(NotFound);
  });

  it('break-the-glass widens nothing for a social worker', async () => {
    expect(await problemOf(() => checkChild(worker, colleaguesChild, 'read', granted))).toBeInstanceOf(NotFound);
  });

  it('opening a child in an emergency is for a child outside the organisation: inside it is 409, missing 404', async () => {
    await expect(checkChild(otherSupervisor, ownChild, 'breakTheGlass', noGrant)).resolves.toBe(ownChild);
    expect(await problemOf(() => checkChild(supervisor, ownChild, 'breakTheGlass', noGrant))).toBeInstanceOf(Conflict);
    expect(await problemOf(() => checkChild(otherSupervisor, undefined, 'breakTheGlass', noGrant))).toBeInstanceOf(NotFound);
  });
});

describe('flags: an officer sees their municipalities’ flags while the child lives there; a worker or supervisor those of their children now', () => {
  it('an officer reaches a flag routed to one of their municipalities, whatever organisation the child is in', () => {
    expect(flagVisibleTo(officer, flagIn('skopje'), otherOrgChild)).toBe(true);
  });

  it('an officer does not reach a flag of another municipality', () => {
    expect(flagVisibleTo(officer, flagIn('ohrid'), colleaguesChild)).toBe(false);
  });

  it('after a transfer, the former municipality’s officer sees nothing of the child, resolved flags included (finding 4)', () => {
    expect(flagVisibleTo(officer, flagIn('skopje'), { ...ownChild, municipalityId: 'ohrid' })).toBe(false);
  });

  it('a worker sees the flags of the children in their scope now: after a transfer to another worker, none (finding 4)', () => {
    expect(flagVisibleTo(worker, flagIn('skopje'), ownChild)).toBe(true);
    expect(flagVisibleTo(worker, flagIn('skopje'), { ...ownChild, caseWorkerId: 'worker-2' })).toBe(false);
  });

  it('a missing flag, or a flag without its child, is 404 like one out of scope', async () => {
    expect(await problemOf(() => checkFlag(worker, undefined, ownChild))).toBeInstanceOf(NotFound);
    expect(await problemOf(() => checkFlag(worker, flagIn('skopje'), undefined))).toBeInstanceOf(NotFound);
  });
});

describe('lists: whose caseload, agenda and flag lists a caller reads', () => {
  it('a social worker reads their own caseload, kept to their organisation; a supervisor their organisation', () => {
    expect(caseloadScope(worker)).toEqual({ by: 'caseWorker', caseWorkerId: 'worker-1', organisationId: 'org-1' });
    expect(caseloadScope(supervisor)).toEqual({ by: 'organisation', organisationId: 'org-1' });
  });

  it('officers list by municipalities, workers by caseload, supervisors by organisation', () => {
    expect(flagListOwner(officer)).toEqual({ by: 'municipalities', municipalityIds: ['skopje', 'bitola'] });
    expect(flagListOwner(worker)).toEqual({ by: 'caseWorker', caseWorkerId: 'worker-1', organisationId: 'org-1' });
    expect(flagListOwner(supervisor)).toEqual({ by: 'organisation', organisationId: 'org-1' });
  });
});
