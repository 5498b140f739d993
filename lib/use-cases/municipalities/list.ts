import { listMunicipalities as municipalitiesOn } from '../../data/municipalities';
import { pageRequest } from '../../data/pages';
import type { Deps } from '../../deps';
import type { PageQuery } from '../caller';

/** A page of the municipalities the programme knows. */
export const listMunicipalities = (deps: Deps, input: { query: PageQuery }) => municipalitiesOn(deps.db, pageRequest(input.query, deps.config.maxPageSize));
