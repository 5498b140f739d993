import * as routes from '../../lib/api/routes/consents';
import { httpHandler } from '../../lib/http/handler';
import { recordConsent } from '../../lib/use-cases/consents/record';

export const handler = httpHandler(routes.recordConsent, async ({ body, principal, records: { child }, audit, deps }) => ({
  status: 201,
  body: await recordConsent(deps, { principal, audit, child, consent: body }),
}));
