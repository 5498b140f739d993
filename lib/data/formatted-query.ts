import {
  BatchGetCommand as SdkBatchGetCommand,
  QueryCommand as SdkQueryCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { Entity, FormattedItem } from 'dynamodb-toolbox/entity';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { ZodSchemer } from 'dynamodb-toolbox/schema/actions/zodSchemer';
import { $entities, type Table } from 'dynamodb-toolbox/table';
import { BatchGetCommand } from 'dynamodb-toolbox/table/actions/batchGet';

/**
 * Reading items through dynamodb-toolbox's own zod formatters (ZodSchemer) rather than its EntityFormatter. Both check
 * a stored item against the entity's schema and give the same item, but the EntityFormatter walks the schema with
 * generators on every item: 70 µs for a child and 35 µs for a checkpoint, against 6 µs for the compiled zod schema
 * (issue 19: most of a read's product CPU, and the item parser's twin on writes).
 * test/integration/formatted-query.test.ts holds the two to the same answers on the table;
 * test/lib/data/formatted-query.test.ts covers answers DynamoDB may give that the table does not (keys left unprocessed,
 * an item of no entity of the query).
 */

type Item = Record<string, unknown>;
type Format = (item: Item) => Item;

const formatters = new WeakMap<object, Format>();

/**
 * The item without the attributes zod gives as undefined, which the toolbox leaves out. Copied only when there are any:
 * deleting a property turns an object into a slow dictionary for everything that reads it after (the SDK's marshalling
 * included), which cost a write more than its parse.
 */
export function withoutUndefined(item: Item): Item {
  for (const name in item) if (item[name] === undefined) return definedOnly(item);
  return item;
}

function definedOnly(item: Item): Item {
  const copy: Item = {};
  for (const name in item) if (item[name] !== undefined) copy[name] = item[name];
  return copy;
}

/** An entity's zod formatter, compiled on first use. Optional attributes the item lacks stay absent, as the toolbox leaves them. */
export function formatterOf(entity: Entity): Format {
  let format = formatters.get(entity);
  if (!format) {
    const schema = new ZodSchemer(entity.schema).formatter() as unknown as { parse(item: unknown): Item };
    format = (item) => withoutUndefined(schema.parse(item));
    formatters.set(entity, format);
  }
  return format;
}

/** The toolbox's error for an item no entity of the query claims, as its own QueryCommand throws. */
export class UnknownEntityItem extends Error {}

/** What this reads of a toolbox QueryCommand: its table, its entities, the SDK input it builds, and its answer's type. */
interface ToolboxQuery {
  table: Table;
  [$entities]: Entity[];
  params(): QueryCommandInput;
  send(): Promise<{ Items?: unknown; LastEvaluatedKey?: unknown; ConsumedCapacity?: unknown }>;
}

type Response<C extends ToolboxQuery> = Awaited<ReturnType<C['send']>>;

/** A toolbox query's SDK input with its partition filled in (partitionQuery), sent by sendQuery as the query would be. */
export class FilledQuery<C extends ToolboxQuery> {
  constructor(
    readonly command: C,
    readonly input: QueryCommandInput,
  ) {}
}

/** No partition key is empty or starts with a NUL, so this value of the query can only be the partition. */
const PARTITION_SLOT = '\u0000partition';

/**
 * One shape of query for any partition: the toolbox builds it once, for a placeholder partition, and each read puts
 * its own partition in the placeholder's place. Building a query's input (its `params()`) costs the toolbox about
 * 130 µs of CPU, a third of a case read's product CPU (issue 19); filling one in costs a copy.
 * test/lib/data/formatted-query.test.ts holds a filled query equal to the one the toolbox builds for the partition.
 */
export function partitionQuery<C extends ToolboxQuery>(build: (partition: string) => C): (partition: string) => FilledQuery<C> {
  let shape: FilledQuery<C> | undefined;
  return (partition) => {
    shape ??= shapeOf(build(PARTITION_SLOT));
    const values = Object.entries(shape.input.ExpressionAttributeValues ?? {});
    return new FilledQuery(shape.command, {
      ...shape.input,
      ExpressionAttributeValues: Object.fromEntries(values.map(([name, value]) => [name, value === PARTITION_SLOT ? partition : value])),
    });
  };
}

function shapeOf<C extends ToolboxQuery>(command: C): FilledQuery<C> {
  const input = command.params();
  const slots = Object.values(input.ExpressionAttributeValues ?? {}).filter((value) => value === PARTITION_SLOT);
  if (slots.length !== 1) throw new Error(`the query names its partition ${slots.length} times, not once as a value of its own`);
  return new FilledQuery(command, input);
}

/**
 * Sends a query built with the toolbox (its key condition, its entities' filter, its options), or filled in by
 * partitionQuery, and formats what comes back by each item's entity. `maxPages` and `showEntityAttr` are the ones
 * given to the command's `options`: the command keeps its options to itself.
 */
export async function sendQuery<C extends ToolboxQuery>(
  query: C | FilledQuery<C>,
  reading: { maxPages?: number; showEntityAttr?: boolean } = {},
): Promise<Pick<Response<C>, 'Items' | 'LastEvaluatedKey' | 'ConsumedCapacity'>> {
  const { maxPages = 1, showEntityAttr = false } = reading;
  const { command, input: params } = query instanceof FilledQuery ? query : { command: query, input: query.params() };
  const table = command.table;
  const entityAttribute = table.entityAttributeSavedAs;
  const byName = new Map(command[$entities].map((entity) => [entity.entityName, entity]));
  const items: Item[] = [];
  let lastEvaluatedKey: QueryCommandOutput['LastEvaluatedKey'] = params.ExclusiveStartKey;
  let consumedCapacity: QueryCommandOutput['ConsumedCapacity'];
  let pages = 0;
  do {
    pages += 1;
    const page = await table
      .getDocumentClient()
      .send(new SdkQueryCommand({ ...params, ...(lastEvaluatedKey ? { ExclusiveStartKey: lastEvaluatedKey } : {}) }));
    for (const raw of page.Items ?? []) {
      const name = raw[entityAttribute];
      const entity = typeof name === 'string' ? byName.get(name) : undefined;
      if (!entity) throw new UnknownEntityItem(`an item of no entity of the query: ${String(name)}`);
      const formatted = formatterOf(entity)(raw);
      items.push(showEntityAttr ? { ...formatted, entity: name } : formatted);
    }
    lastEvaluatedKey = page.LastEvaluatedKey;
    consumedCapacity = page.ConsumedCapacity;
  } while (pages < maxPages && lastEvaluatedKey !== undefined);
  return {
    Items: items,
    ...(lastEvaluatedKey !== undefined ? { LastEvaluatedKey: lastEvaluatedKey } : {}),
    ...(pages === 1 && consumedCapacity !== undefined ? { ConsumedCapacity: consumedCapacity } : {}),
  } as Pick<Response<C>, 'Items' | 'LastEvaluatedKey' | 'ConsumedCapacity'>;
}

type KeyOf<E extends Entity> = Parameters<BatchGetRequest<E>['key']>[0];

/**
 * Items of one entity by key, in one batch read, formatted by the entity's zod formatter: each key's item, or
 * undefined when it has none. As the toolbox's own batch read does, keys DynamoDB leaves unprocessed are asked again
 * up to `maxAttempts` times in all, and any still unprocessed then read as absent.
 */
export async function batchGetFormatted<E extends Entity>(
  entity: E,
  keys: ReadonlyArray<KeyOf<E>>,
  maxAttempts: number,
): Promise<Array<FormattedItem<E> | undefined>> {
  const table = entity.table;
  const tableName = table.getName();
  const requestItems = table
    .build(BatchGetCommand)
    .requests(...keys.map((key) => entity.build(BatchGetRequest).key(key)))
    .params() as NonNullable<BatchGetCommandInput['RequestItems']>;
  const wanted = requestItems[tableName]?.Keys ?? [];
  const found: Item[] = [];
  let pending: BatchGetCommandInput['RequestItems'] = requestItems;
  for (let attempt = 1; attempt <= maxAttempts && pending && Object.keys(pending).length > 0; attempt += 1) {
    const answer: BatchGetCommandOutput = await table.getDocumentClient().send(new SdkBatchGetCommand({ RequestItems: pending }));
    found.push(...(answer.Responses?.[tableName] ?? []));
    pending = answer.UnprocessedKeys;
  }
  const format = formatterOf(entity);
  return wanted.map((key) => {
    const item = found.find((candidate) => Object.entries(key).every(([name, value]) => candidate[name] === value));
    return item && (format(item) as FormattedItem<E>);
  });
}
