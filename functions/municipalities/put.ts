import * as routes from '../../lib/api/routes/municipalities';
import { httpHandler } from '../../lib/http/handler';
import { putMunicipality } from '../../lib/use-cases/municipalities/put';

export const handler = httpHandler(routes.putMunicipality, async ({ path, body, deps }) => {
  const { municipality, created } = await putMunicipality(deps, { municipalityId: path.municipalityId, name: body.name });
  return created
    ? { status: 201, body: municipality, headers: { location: `/municipalities/${municipality.municipalityId}` } }
    : { status: 200, body: municipality };
});
