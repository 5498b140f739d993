import * as routes from '../../lib/api/routes/checkpoints';
import { httpHandler } from '../../lib/http/handler';
import { updateCheckpoint } from '../../lib/use-cases/checkpoints/update';

export const handler = httpHandler(routes.updateCheckpoint, async ({ path, body, principal, records: { child, checkpoints }, audit, deps }) => ({
  status: 200,
  body: await updateCheckpoint(deps, { principal, audit, child, checkpoints, checkpointId: path.checkpointId, change: body }),
}));
