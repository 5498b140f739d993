import * as routes from '../../lib/api/routes/municipalities';
import { httpHandler } from '../../lib/http/handler';
import { listMunicipalities } from '../../lib/use-cases/municipalities/list';

export const handler = httpHandler(routes.listMunicipalities, async ({ query, deps }) => ({
  status: 200,
  body: await listMunicipalities(deps, { query }),
}));
