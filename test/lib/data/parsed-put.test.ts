import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { createDb } from '../../../lib/data/db';
import { checkpointItem } from '../../../lib/data/items';
import { ParsedPutTransaction } from '../../../lib/data/parsed-put';
import type { Checkpoint } from '../../../lib/domain/case';

/**
 * A put parsed by the entity's zod parser (lib/data/parsed-put.ts) writes what dynamodb-toolbox's PutTransaction
 * writes. test/integration/tour.test.ts holds every put of the tour to that; these are the cases the tour does not
 * make: an optional part left out, options the toolbox parses itself, a put without an item, an item the schema refuses.
 */
const db = createDb(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })), 'records');

const checkpoint: Checkpoint = {
  childId: 'c-1',
  checkpointId: 'k-1',
  dueOn: '2026-02-01',
  windowOpensOn: '2026-01-18',
  graceEndsOn: '2026-02-15',
  domains: ['education', 'health'],
  status: 'scheduled',
  caseCode: 'SK-1',
  caseWorkerId: 'worker-1',
  organisationId: 'org-1',
  createdAt: '2026-01-15T09:00:00.000Z',
  updatedAt: '2026-01-15T09:00:00.000Z',
};

const both = (item: Record<string, unknown>, options: Record<string, unknown> = {}) => ({
  parsed: db.checkpoints.build(ParsedPutTransaction).item(item as never).options(options),
  toolbox: db.checkpoints.build(PutTransaction).item(item as never).options(options),
});

describe('a put parsed by the entity’s zod parser', () => {
  it('writes the item, its key, its entity and its condition as the toolbox writes them', () => {
    const { parsed, toolbox } = both(checkpointItem(checkpoint), { condition: { attr: 'updatedAt', eq: checkpoint.updatedAt } });
    expect(parsed).toBeInstanceOf(ParsedPutTransaction);
    expect(parsed.params()).toStrictEqual(toolbox.params());
  });

  it('leaves an optional part out of the item when it is given as undefined, as the toolbox does', () => {
    const { parsed, toolbox } = both({ ...checkpointItem(checkpoint), visitId: undefined, cancellation: undefined });
    expect(parsed.params()).toStrictEqual(toolbox.params());
    expect(parsed.params().Put.Item).not.toHaveProperty('visitId');
  });

  it('leaves options other than a condition to the toolbox, which parses them itself', () => {
    const { parsed, toolbox } = both(checkpointItem(checkpoint), { condition: { attr: 'checkpointId', exists: false }, returnValuesOnConditionFalse: 'ALL_OLD' });
    expect(parsed.params()).toStrictEqual(toolbox.params());
    expect(parsed.params().Put.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('fails without an item, as the toolbox’s does', () => {
    expect(() => db.checkpoints.build(ParsedPutTransaction).params()).toThrow('Missing "item" property');
  });

  it.each([
    ['a status the schema does not list', { ...checkpointItem(checkpoint), status: 'lost' }],
    ['a required attribute missing', { ...checkpointItem(checkpoint), dueOn: undefined }],
  ])('refuses %s, which the toolbox refuses too', (_what, item) => {
    const { parsed, toolbox } = both(item);
    expect(() => toolbox.params()).toThrow();
    expect(() => parsed.params()).toThrow();
  });
});
