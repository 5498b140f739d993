import type { ResourceDirectory } from './directory';
import type { AwsTarget } from './template';

/**
 * Recorded AWS SDK calls → the IAM requests AWS authorises for them, as the service authorisation reference
 * documents: the action, the resource ARN and the request's condition keys, plus the KMS requests a
 * customer-managed key implies. A call this module does not know throws, so a new call is noticed instead of
 * passing unchecked.
 */

export interface RecordedSdkCall {
  /** SDK client name, e.g. 'DynamoDBClient' ('DynamoDBDocumentClient' is accepted too). */
  service: string;
  /** Command class name, e.g. 'QueryCommand' (the document client's 'GetCommand' etc. are accepted too). */
  command: string;
  /** The command input; DynamoDB values may be AttributeValues ({ S: 'x' }) or plain values. */
  input: Record<string, unknown>;
}

export interface IamRequest {
  /** 'dynamodb:GetItem' */
  action: string;
  /** The resource ARN, or '*' for actions that take none. */
  resource: string;
  /** Request condition keys, e.g. { 'dynamodb:LeadingKeys': ['CHILD#01..'] }. */
  context: Record<string, string | string[]>;
  /** The call this was derived from, for messages. */
  via?: string;
}

type Context = IamRequest['context'];

interface CallScope {
  input: Record<string, unknown>;
  target: AwsTarget;
  names: ResourceDirectory;
  via: string;
}

type Translate = (scope: CallScope) => IamRequest[];

/** The IAM requests one SDK call makes, each once. */
export function iamRequestsOf(call: RecordedSdkCall, target: AwsTarget, names: ResourceDirectory): IamRequest[] {
  const service = call.service.replace(/Client$/, '').replace(/^DynamoDBDocument$/, 'DynamoDB');
  const operation = call.command.replace(/Command$/, '');
  const translate = TRANSLATIONS[service]?.[service === 'DynamoDB' ? (DOCUMENT_CLIENT_OPERATIONS[operation] ?? operation) : operation];
  if (!translate) throw new Error(`No IAM mapping for ${call.service} ${call.command}: add it to test/cloud/iam/calls.ts`);
  const requests = translate({ input: call.input, target, names, via: `${call.service} ${call.command}` });
  // A batch or transaction implies the same key request once per item: AWS authorises it once per call.
  const unique = new Map<string, IamRequest>();
  for (const request of requests) {
    const identity = JSON.stringify([request.action, request.resource, request.context]);
    if (!unique.has(identity)) unique.set(identity, request);
  }
  return [...unique.values()];
}

/** The document client's command names and the DynamoDB operations they send. */
const DOCUMENT_CLIENT_OPERATIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

// ---- DynamoDB ---------------------------------------------------------------------------------------------

/** Item-level condition keys copied from the input when it sets them. */
const ITEM_CONDITION_PARAMETERS = {
  Select: 'dynamodb:Select',
  ReturnValues: 'dynamodb:ReturnValues',
  ReturnConsumedCapacity: 'dynamodb:ReturnConsumedCapacity',
};

function itemContext(input: Record<string, unknown>, leadingKeys: string[] | undefined): Context {
  const context: Context = {};
  if (leadingKeys) context['dynamodb:LeadingKeys'] = [...new Set(leadingKeys)];
  for (const [parameter, key] of Object.entries(ITEM_CONDITION_PARAMETERS)) {
    if (typeof input[parameter] === 'string') context[key] = input[parameter];
  }
  return context;
}

type KeyUse = 'read' | 'write';

/**
 * DynamoDB uses a table's customer-managed key on the caller's behalf: reads decrypt, writes also generate data
 * keys (the rule this checker applies; DynamoDB's documentation lists both for a principal writing items).
 */
function tableKeyRequests(scope: CallScope, tableName: string, use: KeyUse): IamRequest[] {
  const keyArn = scope.names.tableKeyArnOf(tableName);
  if (!keyArn) return [];
  const actions = use === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'];
  return viaServiceKeyRequests(scope, keyArn, actions, 'dynamodb', `table ${tableName}`);
}

function viaServiceKeyRequests(scope: CallScope, keyArn: string, actions: string[], service: string, of: string): IamRequest[] {
  const context = { 'kms:ViaService': `${service}.${scope.target.region}.amazonaws.com`, 'kms:CallerAccount': scope.target.accountId };
  return actions.map((action) => ({ action, resource: keyArn, context, via: `${scope.via} (key of ${of})` }));
}

/** The string a key attribute holds, marshalled ({ S: 'x' }, { N: '1' }) or not. */
function keyValueOf(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (isRecord(value)) {
    if (typeof value.S === 'string') return value.S;
    if (typeof value.N === 'string') return value.N;
  }
  throw new Error(`${what} is not a string or number key value: ${JSON.stringify(value)}`);
}

function leadingKeyOfItem(scope: CallScope, tableName: string, item: unknown, what: string): string {
  const partitionKey = scope.names.partitionKeyOf(tableName);
  return keyValueOf(record(item, what)[partitionKey], `${what}.${partitionKey}`);
}

/** The item operations IAM lets a policy tell apart inside a transaction (dynamodb:EnclosingOperation). */
const ENCLOSABLE_OPERATIONS = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);

/** An item call (GetItem, PutItem, UpdateItem, DeleteItem, ConditionCheckItem) on `tableName`, alone or in a transaction. */
function itemRequest(
  scope: CallScope,
  operation: string,
  input: Record<string, unknown>,
  use: KeyUse,
  enclosingOperation?: 'TransactWriteItems' | 'TransactGetItems',
): IamRequest[] {
  const tableName = text(input.TableName, 'TableName');
  const item = operation === 'PutItem' ? input.Item : input.Key;
  const leadingKey = leadingKeyOfItem(scope, tableName, item, operation === 'PutItem' ? 'Item' : 'Key');
  const context = itemContext(input, [leadingKey]);
  if (enclosingOperation && ENCLOSABLE_OPERATIONS.has(operation)) context['dynamodb:EnclosingOperation'] = enclosingOperation;
  return [
    {
      action: `dynamodb:${operation}`,
      resource: scope.names.tableArnOf(tableName),
      context,
      via: scope.via,
    },
    ...tableKeyRequests(scope, tableName, use),
  ];
}

const tableOrIndexArn = (scope: CallScope, tableName: string, indexName: unknown): string =>
  typeof indexName === 'string' ? `${scope.names.tableArnOf(tableName)}/index/${indexName}` : scope.names.tableArnOf(tableName);

/** The value a Query binds to the partition key: `<key> = :v` (or `#n = :v`) in KeyConditionExpression, or legacy KeyConditions. */
function queryPartitionValue(input: Record<string, unknown>, partitionKey: string): unknown {
  if (isRecord(input.KeyConditions)) {
    const condition = input.KeyConditions[partitionKey];
    if (isRecord(condition) && Array.isArray(condition.AttributeValueList)) return condition.AttributeValueList[0];
  }
  const expression = text(input.KeyConditionExpression, 'KeyConditionExpression');
  const names = isRecord(input.ExpressionAttributeNames) ? input.ExpressionAttributeNames : {};
  const values = isRecord(input.ExpressionAttributeValues) ? input.ExpressionAttributeValues : {};
  const attributeOf = (operand: string): unknown => (operand.startsWith('#') ? names[operand] : operand);
  // `<=` and `>=` never match: the operand characters exclude `<` and `>`.
  for (const [, left = '', right = ''] of expression.matchAll(/([#:\w.-]+)\s*=\s*([#:\w.-]+)/g)) {
    for (const [name, value] of [
      [left, right],
      [right, left],
    ] as const) {
      if (attributeOf(name) === partitionKey && value.startsWith(':')) return values[value];
    }
  }
  throw new Error(`No equality on partition key ${partitionKey} in KeyConditionExpression "${expression}"`);
}

const DYNAMODB: Record<string, Translate> = {
  GetItem: (scope) => itemRequest(scope, 'GetItem', scope.input, 'read'),
  PutItem: (scope) => itemRequest(scope, 'PutItem', scope.input, 'write'),
  UpdateItem: (scope) => itemRequest(scope, 'UpdateItem', scope.input, 'write'),
  DeleteItem: (scope) => itemRequest(scope, 'DeleteItem', scope.input, 'write'),
  Query(scope) {
    const { input } = scope;
    const tableName = text(input.TableName, 'TableName');
    const indexName = typeof input.IndexName === 'string' ? input.IndexName : undefined;
    const partitionKey = scope.names.partitionKeyOf(tableName, indexName);
    const leadingKey = keyValueOf(queryPartitionValue(input, partitionKey), `the value of ${partitionKey}`);
    return [
      {
        action: 'dynamodb:Query',
        resource: tableOrIndexArn(scope, tableName, indexName),
        context: itemContext(input, [leadingKey]),
        via: scope.via,
      },
      ...tableKeyRequests(scope, tableName, 'read'),
    ];
  },
  // A Scan names no partition: no LeadingKeys in its context, as in AWS's own request.
  Scan(scope) {
    const tableName = text(scope.input.TableName, 'TableName');
    return [
      {
        action: 'dynamodb:Scan',
        resource: tableOrIndexArn(scope, tableName, scope.input.IndexName),
        context: itemContext(scope.input, undefined),
        via: scope.via,
      },
      ...tableKeyRequests(scope, tableName, 'read'),
    ];
  },
  BatchGetItem(scope) {
    return Object.entries(record(scope.input.RequestItems, 'RequestItems')).flatMap(([tableName, request]) => {
      const keys = list(record(request, `RequestItems.${tableName}`).Keys, `RequestItems.${tableName}.Keys`);
      const leadingKeys = keys.map((key, index) => leadingKeyOfItem(scope, tableName, key, `RequestItems.${tableName}.Keys[${index}]`));
      return [
        {
          action: 'dynamodb:BatchGetItem',
          resource: scope.names.tableArnOf(tableName),
          context: itemContext(scope.input, leadingKeys),
          via: scope.via,
        },
        ...tableKeyRequests(scope, tableName, 'read'),
      ];
    });
  },
  BatchWriteItem(scope) {
    return Object.entries(record(scope.input.RequestItems, 'RequestItems')).flatMap(([tableName, writes]) => {
      const leadingKeys = list(writes, `RequestItems.${tableName}`).map((write, index) => {
        const what = `RequestItems.${tableName}[${index}]`;
        const { PutRequest, DeleteRequest } = record(write, what);
        return isRecord(PutRequest)
          ? leadingKeyOfItem(scope, tableName, PutRequest.Item, `${what}.PutRequest.Item`)
          : leadingKeyOfItem(scope, tableName, record(DeleteRequest, `${what}.DeleteRequest`).Key, `${what}.DeleteRequest.Key`);
      });
      return [
        {
          action: 'dynamodb:BatchWriteItem',
          resource: scope.names.tableArnOf(tableName),
          context: itemContext(scope.input, leadingKeys),
          via: scope.via,
        },
        ...tableKeyRequests(scope, tableName, 'write'),
      ];
    });
  },
  // IAM has no TransactWriteItems or TransactGetItems action: each item is authorised as its own item call.
  TransactWriteItems(scope) {
    return list(scope.input.TransactItems, 'TransactItems').flatMap((entry, index) => {
      const { Put, Update, Delete, ConditionCheck } = record(entry, `TransactItems[${index}]`);
      if (isRecord(Put)) return itemRequest(scope, 'PutItem', Put, 'write', 'TransactWriteItems');
      if (isRecord(Update)) return itemRequest(scope, 'UpdateItem', Update, 'write', 'TransactWriteItems');
      if (isRecord(Delete)) return itemRequest(scope, 'DeleteItem', Delete, 'write', 'TransactWriteItems');
      if (isRecord(ConditionCheck)) return itemRequest(scope, 'ConditionCheckItem', ConditionCheck, 'read', 'TransactWriteItems');
      throw new Error(`TransactItems[${index}] is neither Put, Update, Delete nor ConditionCheck`);
    });
  },
  TransactGetItems(scope) {
    return list(scope.input.TransactItems, 'TransactItems').flatMap((entry, index) =>
      itemRequest(
        scope,
        'GetItem',
        record(record(entry, `TransactItems[${index}]`).Get, `TransactItems[${index}].Get`),
        'read',
        'TransactGetItems',
      ),
    );
  },
  DescribeTable: (scope) => [
    {
      action: 'dynamodb:DescribeTable',
      resource: scope.names.tableArnOf(text(scope.input.TableName, 'TableName')),
      context: {},
      via: scope.via,
    },
  ],
};

/** The table name in a stream ARN `arn:...:table/<name>/stream/<label>`. */
const tableOfStream = (streamArn: string): string => {
  const match = /:table\/([^/]+)\/stream\//.exec(streamArn);
  if (!match?.[1]) throw new Error(`Not a DynamoDB stream ARN: ${streamArn}`);
  return match[1];
};

const streamRequest = (scope: CallScope, operation: string, streamArn: string): IamRequest => ({
  action: `dynamodb:${operation}`,
  resource: streamArn,
  context: {},
  via: scope.via,
});

const DYNAMODB_STREAMS: Record<string, Translate> = {
  DescribeStream: (scope) => [streamRequest(scope, 'DescribeStream', text(scope.input.StreamArn, 'StreamArn'))],
  GetShardIterator: (scope) => [streamRequest(scope, 'GetShardIterator', text(scope.input.StreamArn, 'StreamArn'))],
  // GetRecords names only a shard iterator; DynamoDB's iterators start with the stream ARN and a `|`.
  GetRecords(scope) {
    const iterator = text(scope.input.ShardIterator, 'ShardIterator');
    const streamArn = iterator.split('|')[0] ?? '';
    if (!streamArn.startsWith('arn:')) throw new Error(`Cannot tell the stream of shard iterator ${iterator.slice(0, 40)}…`);
    return [streamRequest(scope, 'GetRecords', streamArn), ...tableKeyRequests(scope, tableOfStream(streamArn), 'read')];
  },
  ListStreams: (scope) => [{ action: 'dynamodb:ListStreams', resource: '*', context: {}, via: scope.via }],
};

// ---- Other services ---------------------------------------------------------------------------------------

const arnIn = (target: AwsTarget, service: string, resource: string): string =>
  `arn:${target.partition}:${service}:${target.region}:${target.accountId}:${resource}`;

const EVENTBRIDGE: Record<string, Translate> = {
  PutEvents: (scope) =>
    list(scope.input.Entries, 'Entries').map((entry, index) => {
      const { EventBusName, Source, DetailType } = record(entry, `Entries[${index}]`);
      const bus = typeof EventBusName === 'string' ? EventBusName : 'default';
      const context: Context = {};
      if (typeof Source === 'string') context['events:source'] = [Source];
      if (typeof DetailType === 'string') context['events:detail-type'] = [DetailType];
      return {
        action: 'events:PutEvents',
        resource: bus.startsWith('arn:') ? bus : arnIn(scope.target, 'events', `event-bus/${bus}`),
        context,
        via: scope.via,
      };
    }),
};

const SECRETS_MANAGER: Record<string, Translate> = {
  GetSecretValue(scope) {
    const secretId = text(scope.input.SecretId, 'SecretId');
    const secretArn = scope.names.secretArnOf(secretId);
    const context: Context = { 'secretsmanager:SecretId': secretArn };
    if (typeof scope.input.VersionStage === 'string') context['secretsmanager:VersionStage'] = scope.input.VersionStage;
    if (typeof scope.input.VersionId === 'string') context['secretsmanager:VersionId'] = scope.input.VersionId;
    const keyArn = scope.names.secretKeyArnOf(secretArn);
    return [
      { action: 'secretsmanager:GetSecretValue', resource: secretArn, context, via: scope.via },
      ...(keyArn ? viaServiceKeyRequests(scope, keyArn, ['kms:Decrypt'], 'secretsmanager', `secret ${secretId}`) : []),
    ];
  },
};

/** Publishing to an encrypted topic or queue makes the service generate and decrypt data keys as the caller. */
function publishRequests(scope: CallScope, action: string, resource: string, keyArn: string | undefined, service: string): IamRequest[] {
  return [
    { action, resource, context: {}, via: scope.via },
    ...(keyArn ? viaServiceKeyRequests(scope, keyArn, ['kms:GenerateDataKey', 'kms:Decrypt'], service, resource) : []),
  ];
}

const snsPublish: Translate = (scope) => {
  const topicArn = text(scope.input.TopicArn ?? scope.input.TargetArn, 'TopicArn');
  return publishRequests(scope, 'sns:Publish', topicArn, scope.names.topicKeyArnOf(topicArn), 'sns');
};

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` → `arn:<partition>:sqs:<region>:<account>:<name>`. */
function queueArnOfUrl(queueUrl: string, target: AwsTarget): string {
  const url = new URL(queueUrl);
  const [, account, name] = url.pathname.split('/');
  const region = /^sqs\.([a-z0-9-]+)\./.exec(url.hostname)?.[1] ?? target.region;
  if (!account || !name) throw new Error(`Not a queue URL: ${queueUrl}`);
  return `arn:${target.partition}:sqs:${region}:${account}:${name}`;
}

const sqsSend: Translate = (scope) => {
  const queueArn = queueArnOfUrl(text(scope.input.QueueUrl, 'QueueUrl'), scope.target);
  return publishRequests(scope, 'sqs:SendMessage', queueArn, scope.names.queueKeyArnOf(queueArn), 'sqs');
};

const userPoolRequest =
  (action: string): Translate =>
  (scope) => [
    {
      action,
      resource: arnIn(scope.target, 'cognito-idp', `userpool/${text(scope.input.UserPoolId, 'UserPoolId')}`),
      context: {},
      via: scope.via,
    },
  ];

const COGNITO: Record<string, Translate> = {
  AdminGetUser: userPoolRequest('cognito-idp:AdminGetUser'),
  AdminListGroupsForUser: userPoolRequest('cognito-idp:AdminListGroupsForUser'),
};

/** By SDK client name without `Client`, then by operation. */
const TRANSLATIONS: Record<string, Record<string, Translate>> = {
  DynamoDB: DYNAMODB,
  DynamoDBStreams: DYNAMODB_STREAMS,
  EventBridge: EVENTBRIDGE,
  SecretsManager: SECRETS_MANAGER,
  SNS: { Publish: snsPublish, PublishBatch: snsPublish },
  // SendMessageBatch is authorised as sqs:SendMessage.
  SQS: { SendMessage: sqsSend, SendMessageBatch: sqsSend },
  CognitoIdentityProvider: COGNITO,
};

// ---- Input reading ----------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`${what} is not an object: ${JSON.stringify(value)}`);
  return value;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a list: ${JSON.stringify(value)}`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is not a string: ${JSON.stringify(value)}`);
  return value;
}
