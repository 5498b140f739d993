import { routes } from '../../lib/api/routes';
import { putMunicipality } from '../../lib/data/municipalities';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.putMunicipality, async ({ path, body, deps }) => {
  const municipality = { municipalityId: path.municipalityId, name: body.name };
  const { created } = await putMunicipality(deps.db, municipality);
  return created
    ? { status: 201, body: municipality, headers: { location: `/municipalities/${municipality.municipalityId}` } }
    : { status: 200, body: municipality };
});
