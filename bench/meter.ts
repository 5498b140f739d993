import * as lib from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { capacityUnitsOf, type ConsumedCapacityOf } from '../lib/data/capacity';

/** One DynamoDB call: the operation's command name and the document client's input, for replay. */
export interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
}


/**
 * Counts what a client sends to DynamoDB: round trips, and the capacity each one consumed. It asks for
 * `ReturnConsumedCapacity: TOTAL` on every call that takes it (a calling code's own setting is kept), and
 * keeps the calls, so the latency floor can replay exactly the same ones on a bare client.
 */
export class DynamoMeter {
  calls: RecordedCall[] = [];
  capacityUnits = 0;

  constructor(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        const command = String(context.commandName);
        if (!/^(Describe|List|UpdateTimeToLive|CreateTable)/.test(command)) {
          input.ReturnConsumedCapacity ??= 'TOTAL';
          this.calls.push({ command, input: structuredClone(input) });
        }
        const result = await next(args);
        this.capacityUnits += capacityUnitsOf(result.output as ConsumedCapacityOf);
        return result;
      },
      { step: 'serialize', priority: 'high', name: 'benchDynamoMeter' },
    );
  }

  reset(): void {
    this.calls = [];
    this.capacityUnits = 0;
  }
}

const EXPRESSIONS = ['UpdateExpression', 'ProjectionExpression', 'KeyConditionExpression', 'FilterExpression'] as const;

/** Keeps only the attribute names and values that the remaining expressions of a request use. */
function pruneAttributes(request: Record<string, unknown>): Record<string, unknown> {
  const used = EXPRESSIONS.map((e) => request[e]).filter((e): e is string => typeof e === 'string').join(' ');
  const keep = (map: unknown) => {
    const entries = Object.entries((map as Record<string, unknown> | undefined) ?? {}).filter(([token]) => new RegExp(`${token}\\b`).test(used));
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  const { ExpressionAttributeNames: names, ExpressionAttributeValues: values, ...rest } = request;
  const pruned = { ...rest, ExpressionAttributeNames: keep(names), ExpressionAttributeValues: keep(values) };
  return Object.fromEntries(Object.entries(pruned).filter(([, v]) => v !== undefined));
}

const unconditional = (request: Record<string, unknown>) => {
  const { ConditionExpression: _condition, ...rest } = request;
  return pruneAttributes(rest);
};

/**
 * The call with its conditions taken out, so that replaying it writes what the original wrote (a replayed
 * conditional write would be refused at once, since the item now exists, and make the floor too cheap).
 */
export function replayable(call: RecordedCall): RecordedCall {
  const input = structuredClone(call.input);
  if (call.command === 'TransactWriteItemsCommand') {
    const items = (input.TransactItems as Array<Record<string, Record<string, unknown>>>).filter((item) => !item.ConditionCheck);
    input.TransactItems = items.map((item) => Object.fromEntries(Object.entries(item).map(([kind, request]) => [kind, unconditional(request)])));
    return { command: call.command, input };
  }
  if (/^(Put|Update|Delete)ItemCommand$/.test(call.command)) return { command: call.command, input: unconditional(input) };
  return { command: call.command, input };
}

/** The document client's command for a recorded operation (`TransactWriteItemsCommand` → `TransactWriteCommand`). */
export function documentCommand(call: RecordedCall) {
  const names: Record<string, keyof typeof lib> = {
    GetItemCommand: 'GetCommand',
    PutItemCommand: 'PutCommand',
    UpdateItemCommand: 'UpdateCommand',
    DeleteItemCommand: 'DeleteCommand',
    QueryCommand: 'QueryCommand',
    BatchGetItemCommand: 'BatchGetCommand',
    BatchWriteItemCommand: 'BatchWriteCommand',
    TransactWriteItemsCommand: 'TransactWriteCommand',
    TransactGetItemsCommand: 'TransactGetCommand',
  };
  const name = names[call.command];
  if (!name) throw new Error(`no document command for ${call.command}`);
  const Command = lib[name] as unknown as new (input: unknown) => Parameters<DynamoDBDocumentClient['send']>[0];
  return new Command(structuredClone(call.input));
}
