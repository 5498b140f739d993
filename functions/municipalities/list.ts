import { routes } from '../../lib/api/routes';
import { listMunicipalities } from '../../lib/data/municipalities';
import { pageRequest } from '../../lib/data/pages';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listMunicipalities, async ({ query, deps }) => ({
  status: 200,
  body: await listMunicipalities(deps.db, pageRequest(query, deps.config.maxPageSize)),
}));
