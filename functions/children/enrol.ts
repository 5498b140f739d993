import { randomInt } from 'node:crypto';
import { ulid } from 'ulidx';
import { routes } from '../../lib/api/routes';
import { caseWorkerViolation } from '../../lib/auth/directory';
import { insertEnrolment } from '../../lib/data/cases';
import { stamp, today } from '../../lib/deps';
import { enrol, enrolmentViolations } from '../../lib/domain/enrolment';
import { RECORD_KEY_RANGE } from '../../lib/domain/disclosure/cell-key';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Forbidden } from '../../lib/http/problems';

export const handler = httpHandler(routes.enrolChild, async ({ body, principal, audit, deps }) => {
  const manager = principal;
  const caseWorkerId = body.caseWorkerId ?? manager.sub;
  if (manager.role === 'social_worker' && caseWorkerId !== manager.sub) {
    throw new Forbidden('A social worker enrols children onto their own caseload only.');
  }
  const assignee = caseWorkerId === manager.sub ? undefined : await caseWorkerViolation(deps.directory, caseWorkerId, manager.organisationId);
  const violations = [...enrolmentViolations(body, today(deps)), ...(assignee ? [assignee] : [])];
  if (violations.length > 0) throw new BadRequest(violations);

  const enrolment = enrol(
    { ...body, childId: ulid(), recordKey: randomInt(RECORD_KEY_RANGE), caseWorkerId, organisationId: manager.organisationId },
    stamp(deps),
  );
  await insertEnrolment(deps.db, enrolment.child, enrolment.checkpoints, audit('child.enrol', enrolment.child.childId));
  return { status: 201, body: enrolment, headers: { location: `/children/${enrolment.child.childId}` } };
});
