import * as routes from '../../lib/api/routes/system';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getHealth, async () => ({ status: 200, body: { status: 'ok' } }));
