import type { Entity, ValidItem } from 'dynamodb-toolbox/entity';
import type { PutItemInput } from 'dynamodb-toolbox/entity/actions/put';
import { EntityConditionParser } from 'dynamodb-toolbox/entity/actions/parseCondition';
import { PutTransaction, type PutTransactionOptions } from 'dynamodb-toolbox/entity/actions/transactPut';
import { ZodSchemer } from 'dynamodb-toolbox/schema/actions/zodSchemer';
import { PrimaryKeyParser } from 'dynamodb-toolbox/table/actions/parsePrimaryKey';
import { withoutUndefined } from './formatted-query';

type Item = Record<string, unknown>;

interface ZodParsers {
  /** The item as the entity's schema validates it (the toolbox's `parsedItem`), from which its key is computed. */
  valid: { parse(input: unknown): Item };
  /** The item as stored: attributes renamed and transformed as the schema says. */
  stored: { parse(input: unknown): Item };
}

const parsers = new WeakMap<Entity, ZodParsers>();

function parsersOf(entity: Entity): ZodParsers {
  let found = parsers.get(entity);
  if (!found) {
    const schemer = new ZodSchemer(entity.schema);
    found = {
      valid: schemer.parser({ transform: false }) as unknown as ZodParsers['valid'],
      stored: schemer.parser() as unknown as ZodParsers['stored'],
    };
    parsers.set(entity, found);
  }
  return found;
}

/**
 * dynamodb-toolbox's PutTransaction, its item parsed by the entity's own zod parser (`ZodSchemer`) instead of its
 * `EntityParser`. Both validate the item against the entity's schema, fill its defaults (the entity attribute) and
 * compute its key, to the same result; the EntityParser walks the schema with generators on every item, 87 µs for a
 * checkpoint against 5.5 µs for the compiled zod schema, and an enrolment puts some twenty items (issue 19: most of a
 * write's product CPU). The condition is still the toolbox's to express; any other option, and a missing item, go
 * to the toolbox's own `params()`. test/integration/tour.test.ts holds every put of the tour (18 entities) equal to the
 * toolbox's own; test/lib/data/parsed-put.test.ts the cases the tour does not make.
 */
export class ParsedPutTransaction<E extends Entity = Entity, O extends PutTransactionOptions<E> = PutTransactionOptions<E>> extends PutTransaction<E, O> {
  /** What it was given: the toolbox's own PutTransaction of the same is what tests hold it equal to. */
  readonly given: { item: PutItemInput<E> | undefined; options: O };

  constructor(entity: E, item?: PutItemInput<E>, options?: O) {
    super(entity, item, options);
    this.given = { item, options: options ?? ({} as O) };
  }

  override item(nextItem: PutItemInput<E>): ParsedPutTransaction<E> {
    return new ParsedPutTransaction(this.entity, nextItem, this.given.options);
  }

  override options<N extends PutTransactionOptions<E>>(nextOptions: N | ((prevOptions: O) => N)): ParsedPutTransaction<E, N> {
    const options = typeof nextOptions === 'function' ? nextOptions(this.given.options) : nextOptions;
    return new ParsedPutTransaction(this.entity, this.given.item, options);
  }

  override params(): ReturnType<PutTransaction<E, O>['params']> {
    const { item, options } = this.given;
    const { condition, ...otherOptions } = options;
    if (item === undefined || Object.keys(otherOptions).length > 0) return super.params();
    const { valid, stored } = parsersOf(this.entity);
    const parsedItem = withoutUndefined(valid.parse(item));
    const storedItem = withoutUndefined(stored.parse(item));
    const key = new PrimaryKeyParser(this.entity.table).parse(this.entity.computeKey ? this.entity.computeKey(parsedItem) : storedItem);
    return {
      ToolboxItem: parsedItem as ValidItem<E>,
      Put: {
        TableName: this.entity.table.getName(),
        Item: { ...storedItem, ...key },
        ...(condition === undefined ? {} : expressed(this.entity, condition)),
      },
    };
  }
}

/** The condition as the toolbox's PutTransaction expresses it: names and values only when there are any. */
function expressed<E extends Entity>(entity: E, condition: NonNullable<PutTransactionOptions<E>['condition']>) {
  const { ConditionExpression, ExpressionAttributeNames = {}, ExpressionAttributeValues = {} } = entity.build(EntityConditionParser).parse(condition);
  return {
    ...(Object.keys(ExpressionAttributeNames).length > 0 ? { ExpressionAttributeNames } : {}),
    ...(Object.keys(ExpressionAttributeValues).length > 0 ? { ExpressionAttributeValues } : {}),
    ConditionExpression,
  };
}
