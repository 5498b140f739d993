import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { InvalidInput } from '../domain/errors';
import type { Db } from './db';
import { keys } from './keys';
import { pageOf, startKey, type Page, type PageRequest } from './pages';

/** A municipality of the programme: reference data kept by the admin, not a child's personal data (no audit). */
export interface Municipality {
  municipalityId: string;
  name: string;
}

/**
 * Adds a municipality or renames one, in one put that also says whether it existed: idempotent, so a repeated
 * request leaves the same item and answers 200.
 */
export async function putMunicipality(db: Db, municipality: Municipality): Promise<{ created: boolean }> {
  const { Attributes } = await db.municipalities.build(PutItemCommand).item(municipality).options({ returnValues: 'ALL_OLD' }).send();
  return { created: Attributes === undefined };
}

/** One page of the municipalities, by id: one query of their partition. */
export async function listMunicipalities(db: Db, page: PageRequest): Promise<Page<Municipality>> {
  const partition = keys.municipalities;
  const exclusiveStartKey = startKey(page, { pk: partition });
  const { Items = [], LastEvaluatedKey } = await db.table
    .build(QueryCommand)
    .query({ partition, range: { beginsWith: keys.municipalityPrefix } })
    .entities(db.municipalities)
    .options({ limit: page.limit, consistent: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
    .send();
  return pageOf(Items, LastEvaluatedKey);
}

/** Every municipality id: what the outcome breakdown lists, so whether a row is there says nothing about children. */
export async function municipalityIds(db: Db): Promise<string[]> {
  const { Items = [] } = await db.table
    .build(QueryCommand)
    .query({ partition: keys.municipalities, range: { beginsWith: keys.municipalityPrefix } })
    .entities(db.municipalities)
    .options({ maxPages: Infinity, attributes: ['municipalityId'] })
    .send();
  return Items.map((item) => item.municipalityId);
}

/**
 * The item of a transaction that holds it to a known municipality: the check rides in the write that needs it, so
 * it costs no round trip, and a municipality cannot be judged known before the write and be missing at it.
 */
export function knownMunicipality(db: Db, municipalityId: string) {
  return db.municipalities.build(ConditionCheck).key({ municipalityId }).condition({ attr: 'municipalityId', exists: true });
}

/** The answer when that check failed: bad input, and nothing was written. */
export const unknownMunicipality = () =>
  new InvalidInput([{ path: 'body.municipalityId', message: 'is not a known municipality (GET /municipalities lists them)' }]);
