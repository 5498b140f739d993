import {
  asCaseManager,
  asFlagReader,
  assertRoleAllowed,
  caseloadScope,
  childInScope,
  flagInScope,
  flagListOwner,
  isChildInScope,
  type CaseManager,
} from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/principal';
import { Forbidden, HttpProblem, NotFound } from '../../../lib/http/problems';

const worker: CaseManager = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' };
const supervisor: CaseManager = { role: 'supervisor', sub: 'sup-1', organisationId: 'org-1' };
const officer: Principal = { role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje', 'bitola'] };
const evaluator: Principal = { role: 'evaluator', sub: 'eval-1' };
const admin: Principal = { role: 'admin', sub: 'admin-1' };

const ownChild = { childId: 'c1', caseWorkerId: 'worker-1', organisationId: 'org-1', municipalityId: 'skopje' };
const colleaguesChild = { childId: 'c2', caseWorkerId: 'worker-2', organisationId: 'org-1', municipalityId: 'ohrid' };
const otherOrgChild = { childId: 'c3', caseWorkerId: 'worker-9', organisationId: 'org-2', municipalityId: 'skopje' };

function problemOf(fn: () => unknown): HttpProblem {
  try {
    fn();
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

  it.each<[Principal]>([[officer], [evaluator], [admin]])('%j on a case-management route is 403 Forbidden', (principal) => {
    const problem = problemOf(() => assertRoleAllowed(['social_worker', 'supervisor'], principal));
    expect(problem).toBeInstanceOf(Forbidden);
    expect(problem.status).toBe(403);
    expect(problem.detail).toContain(principal.role);
  });

  it('an empty list admits nobody', () => {
    expect(problemOf(() => assertRoleAllowed([], admin)).status).toBe(403);
  });

  it('admin is not a super-role: it may not reach child routes', () => {
    expect(problemOf(() => assertRoleAllowed(['social_worker', 'supervisor', 'municipal_officer'], admin)).status).toBe(403);
  });
});

describe('asCaseManager: only social workers and supervisors manage cases', () => {
  it.each<[Principal]>([[worker], [supervisor]])('%j is a case manager', (principal) => {
    expect(asCaseManager(principal)).toBe(principal);
  });

  it.each<[Principal]>([[officer], [evaluator], [admin]])('%j is 403', (principal) => {
    expect(problemOf(() => asCaseManager(principal))).toBeInstanceOf(Forbidden);
  });
});

describe('childInScope: a social worker sees only their own caseload, a supervisor their organisation', () => {
  it('a social worker reaches a child whose caseWorkerId is them', () => {
    expect(childInScope(worker, ownChild)).toBe(ownChild);
  });

  it("a social worker does not reach a colleague's child in the same organisation: 404, not 403", () => {
    const problem = problemOf(() => childInScope(worker, colleaguesChild));
    expect(problem).toBeInstanceOf(NotFound);
    expect(problem.status).toBe(404);
  });

  it('a supervisor reaches every child of their organisation', () => {
    expect(childInScope(supervisor, ownChild)).toBe(ownChild);
    expect(childInScope(supervisor, colleaguesChild)).toBe(colleaguesChild);
  });

  it("a supervisor does not reach another organisation's child: 404", () => {
    expect(problemOf(() => childInScope(supervisor, otherOrgChild)).status).toBe(404);
  });

  it("a social worker's scope is the caseWorkerId alone (DESIGN: children whose caseWorkerId is them), not the organisation", () => {
    expect(isChildInScope(worker, { caseWorkerId: 'worker-1', organisationId: 'org-2' })).toBe(true);
    expect(isChildInScope(worker, { caseWorkerId: 'worker-2', organisationId: 'org-1' })).toBe(false);
  });

  it('a supervisor is not in scope of a child just because they are its case worker in another organisation', () => {
    expect(isChildInScope(supervisor, { caseWorkerId: 'sup-1', organisationId: 'org-2' })).toBe(false);
  });

  it('a child that does not exist is answered with the same 404 as one out of scope (existence is never confirmed)', () => {
    const missing = problemOf(() => childInScope(worker, undefined));
    const outOfScope = problemOf(() => childInScope(worker, colleaguesChild));
    expect(missing).toBeInstanceOf(NotFound);
    expect({ status: missing.status, type: missing.type, title: missing.title, detail: missing.detail }).toEqual({
      status: outOfScope.status,
      type: outOfScope.type,
      title: outOfScope.title,
      detail: outOfScope.detail,
    });
  });
});

describe('caseloadScope: whose list and agenda a caller reads', () => {
  it('a social worker reads their own caseload', () => {
    expect(caseloadScope(worker)).toEqual({ by: 'caseWorker', caseWorkerId: 'worker-1' });
  });

  it('a supervisor reads their organisation', () => {
    expect(caseloadScope(supervisor)).toEqual({ by: 'organisation', organisationId: 'org-1' });
  });
});

describe('flags: an officer sees their municipalities’ flags, a worker or supervisor those of their children', () => {
  it('asFlagReader admits officers, workers and supervisors; evaluators and admins get 403', () => {
    expect(asFlagReader(officer)).toBe(officer);
    expect(asFlagReader(worker)).toBe(worker);
    expect(asFlagReader(supervisor)).toBe(supervisor);
    expect(problemOf(() => asFlagReader(evaluator)).status).toBe(403);
    expect(problemOf(() => asFlagReader(admin)).status).toBe(403);
  });

  it('an officer reaches a flag routed to one of their municipalities, whatever organisation the child is in', () => {
    const reader = asFlagReader(officer);
    expect(flagInScope(reader, otherOrgChild)).toBe(otherOrgChild);
    expect(flagInScope(reader, ownChild)).toBe(ownChild);
  });

  it('an officer does not reach a flag of another municipality: 404', () => {
    expect(problemOf(() => flagInScope(asFlagReader(officer), colleaguesChild)).status).toBe(404);
  });

  it("a social worker reaches their own children's flags only; a supervisor their organisation's", () => {
    expect(flagInScope(worker, ownChild)).toBe(ownChild);
    expect(problemOf(() => flagInScope(worker, colleaguesChild)).status).toBe(404);
    expect(flagInScope(supervisor, colleaguesChild)).toBe(colleaguesChild);
    expect(problemOf(() => flagInScope(supervisor, otherOrgChild)).status).toBe(404);
  });

  it('a missing flag is 404 like one out of scope', () => {
    expect(problemOf(() => flagInScope(worker, undefined))).toBeInstanceOf(NotFound);
  });

  it('flagListOwner: officers list by municipalities, workers by caseload, supervisors by organisation', () => {
    expect(flagListOwner(asFlagReader(officer))).toEqual({ by: 'municipalities', municipalityIds: ['skopje', 'bitola'] });
    expect(flagListOwner(worker)).toEqual({ by: 'caseWorker', caseWorkerId: 'worker-1' });
    expect(flagListOwner(supervisor)).toEqual({ by: 'organisation', organisationId: 'org-1' });
  });
});
