import { putMunicipality as save } from '../../data/municipalities';
import type { Deps } from '../../deps';

/** Adds a municipality to the reference data, or renames it; says which. */
export async function putMunicipality(deps: Deps, input: { municipalityId: string; name: string }) {
  const municipality = { municipalityId: input.municipalityId, name: input.name };
  const { created } = await save(deps.db, municipality);
  return { municipality, created };
}
