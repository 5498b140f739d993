import { routes } from '../../lib/api/routes';
import { allAssessments } from '../../lib/data/visits';
import { timelineOf } from '../../lib/domain/assessments';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getTimeline, async ({ records: { child }, deps }) => {
  const points = await allAssessments(deps.db, child.childId);
  return { status: 200, body: { childId: child.childId, domains: timelineOf(child, points) } };
});
