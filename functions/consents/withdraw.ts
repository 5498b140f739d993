import * as routes from '../../lib/api/routes/consents';
import { httpHandler } from '../../lib/http/handler';
import { withdrawConsent } from '../../lib/use-cases/consents/withdraw';

export const handler = httpHandler(routes.withdrawConsent, async ({ path, body, principal, records: { child }, audit, deps }) => ({
  status: 200,
  body: await withdrawConsent(deps, { principal, audit, child, consentId: path.consentId, reason: body.reason }),
}));
