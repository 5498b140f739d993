import * as routes from '../../lib/api/routes/children';
import { httpHandler } from '../../lib/http/handler';
import { enrolChild } from '../../lib/use-cases/children/enrol';

export const handler = httpHandler(routes.enrolChild, async ({ body, principal, audit, deps }) => {
  const enrolment = await enrolChild(deps, { principal, audit, enrolment: body });
  return { status: 201, body: enrolment, headers: { location: `/children/${enrolment.child.childId}` } };
});
