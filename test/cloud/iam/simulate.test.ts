import { iamRequestsOf, type IamRequest, type RecordedSdkCall } from './calls';
import { directoryOf } from './directory';
import { arnOf, physicalNameOf, resolve, resolveString, STREAM_LABEL, UnresolvableIntrinsicError } from './intrinsics';
import { functionPrincipalOf } from './policies';
import { SAMPLE_TARGET, sampleTemplate } from './sample-template';
import { simulateFunctionRequests, unusedPermissions, type Decision } from './simulate';
import { copyOf, logicalIdsOfType, type CfnTemplate, type DeploymentTarget } from './template';
import { readSynthesizedAssembly } from '../support/cloud-assembly';

const sample = sampleTemplate();
const target = SAMPLE_TARGET;
const TABLE = 'Sample-Table';
const TABLE_ARN = `arn:aws:dynamodb:eu-central-1:111122223333:table/${TABLE}`;
const KEY_ARN = arnOf('Key', sample, target);
const NOW = new Date('2026-12-01T10:00:00Z');

const dynamodb = (command: string, input: Record<string, unknown>): RecordedSdkCall => ({ service: 'DynamoDBClient', command, input });

/** The IAM requests of the calls, as the directory of `template` names its resources. */
function requestsOf(template: CfnTemplate, deployment: DeploymentTarget, calls: RecordedSdkCall[]): IamRequest[] {
  const names = directoryOf(template, deployment);
  return calls.flatMap((call) => iamRequestsOf(call, deployment, names));
}

async function decide(template: CfnTemplate, functionId: string, calls: RecordedSdkCall[], deployment = target): Promise<Decision[]> {
  return simulateFunctionRequests(template, functionId, requestsOf(template, deployment, calls), deployment, { now: NOW });
}

/** `<action> <result>` per decision, the shape the rules are stated in. */
const outcomes = (decisions: Decision[]): string[] => decisions.map((decision) => `${decision.request.action} ${decision.result}`);

/** A copy of the template without the statements of the role's policies (inline or attached) that `drop` selects. */
function withoutStatements(
  template: CfnTemplate,
  roleLogicalId: string,
  drop: (statement: Record<string, unknown>) => boolean,
): CfnTemplate {
  const copy = copyOf(template);
  const prune = (document: unknown): void => {
    const holder = document as { Statement: Array<Record<string, unknown>> };
    holder.Statement = holder.Statement.filter((statement) => !drop(statement));
  };
  for (const resource of Object.values(copy.Resources)) {
    const roles = resource.Properties?.Roles;
    if (resource.Type === 'AWS::IAM::Policy' && JSON.stringify(roles).includes(`"${roleLogicalId}"`))
      prune(resource.Properties?.PolicyDocument);
  }
  const inline = copy.Resources[roleLogicalId]?.Properties?.Policies;
  for (const policy of Array.isArray(inline) ? inline : []) prune((policy as { PolicyDocument: unknown }).PolicyDocument);
  return copy;
}

const actionsOf = (statement: Record<string, unknown>): string[] =>
  [statement.Action].flat().filter((a): a is string => typeof a === 'string');
const grants = (action: string) => (statement: Record<string, unknown>) =>
  statement.Effect === 'Allow' && actionsOf(statement).includes(action);
const grantsKms = (statement: Record<string, unknown>) =>
  statement.Effect === 'Allow' && actionsOf(statement).some((a) => a.startsWith('kms:'));

describe('intrinsics resolve as CloudFormation would', () => {
  const r = (value: unknown): unknown => resolve(value, sample, target);

  it('Ref of a pseudo parameter is the target', () => {
    expect(r({ Ref: 'AWS::Region' })).toBe('eu-central-1');
    expect(r({ Ref: 'AWS::AccountId' })).toBe('111122223333');
    expect(r({ Ref: 'AWS::Partition' })).toBe('aws');
    expect(r({ Ref: 'AWS::StackName' })).toBe('Sample');
    expect(r({ Ref: 'AWS::URLSuffix' })).toBe('amazonaws.com');
    expect(r({ Ref: 'BootstrapVersion' })).toBe('/cdk-bootstrap/hnb659fds/version');
  });

  it('Ref of a resource is what CloudFormation returns for its type', () => {
    expect(r({ Ref: 'Table' })).toBe('Sample-Table');
    expect(r({ Ref: 'Secret' })).toBe('arn:aws:secretsmanager:eu-central-1:111122223333:secret:sample/export-AbCdEf');
    expect(r({ Ref: 'Bus' })).toBe('sample-bus');
    expect(r({ Ref: 'Topic' })).toBe('arn:aws:sns:eu-central-1:111122223333:sample-topic');
    expect(r({ Ref: 'Queue' })).toBe('https://sqs.eu-central-1.amazonaws.com/111122223333/Sample-Queue');
    expect(r({ Ref: 'Reader' })).toBe('Sample-Reader');
    expect(r({ Ref: 'Writer' })).toBe('sample-writer');
    expect(r({ Ref: 'WriterRole' })).toBe('sample-writer-role');
    expect(r({ Ref: 'ReaderLogs' })).toBe('Sample-ReaderLogs');
    expect(r({ Ref: 'WriterManagedPolicy' })).toBe('arn:aws:iam::111122223333:policy/Sample-WriterManagedPolicy');
    expect(r({ Ref: 'Key' })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(r({ Ref: 'Key' })).toBe(r({ Ref: 'Key' }));
    expect(r({ Ref: 'UserPool' })).toMatch(/^eu-central-1_[A-Za-z0-9]{9}$/);
    expect(r({ Ref: 'UserPoolClient' })).toMatch(/^[a-z0-9]{26}$/);
    expect(physicalNameOf('ReaderRole', sample, target)).toBe('Sample-ReaderRole');
  });

  it('Fn::GetAtt gives the ARN and the other attributes functions and policies use', () => {
    expect(r({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe(TABLE_ARN);
    expect(r({ 'Fn::GetAtt': 'Table.StreamArn' })).toBe(`${TABLE_ARN}/stream/${STREAM_LABEL}`);
    expect(r({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe('arn:aws:sqs:eu-central-1:111122223333:Sample-Queue');
    expect(r({ 'Fn::GetAtt': ['Queue', 'QueueName'] })).toBe('Sample-Queue');
    expect(r({ 'Fn::GetAtt': ['Queue', 'QueueUrl'] })).toBe(r({ Ref: 'Queue' }));
    expect(r({ 'Fn::GetAtt': ['Bus', 'Arn'] })).toBe('arn:aws:events:eu-central-1:111122223333:event-bus/sample-bus');
    expect(r({ 'Fn::GetAtt': ['Bus', 'Name'] })).toBe('sample-bus');
    expect(r({ 'Fn::GetAtt': ['Rule', 'Arn'] })).toBe('arn:aws:events:eu-central-1:111122223333:rule/sample-bus/Sample-Rule');
    expect(r({ Ref: 'Rule' })).toBe('sample-bus|Sample-Rule');
    expect(r({ 'Fn::GetAtt': ['Writer', 'Arn'] })).toBe('arn:aws:lambda:eu-central-1:111122223333:function:sample-writer');
    expect(r({ 'Fn::GetAtt': ['WriterRole', 'Arn'] })).toBe('arn:aws:iam::111122223333:role/sample-writer-role');
    expect(r({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe(`arn:aws:kms:eu-central-1:111122223333:key/${String(r({ Ref: 'Key' }))}`);
    expect(r({ 'Fn::GetAtt': ['ReaderLogs', 'Arn'] })).toBe('arn:aws:logs:eu-central-1:111122223333:log-group:Sample-ReaderLogs:*');
    expect(r({ 'Fn::GetAtt': ['UserPool', 'Arn'] })).toBe(
      `arn:aws:cognito-idp:eu-central-1:111122223333:userpool/${String(r({ Ref: 'UserPool' }))}`,
    );
    expect(r({ 'Fn::GetAtt': ['UserPool', 'ProviderName'] })).toBe(
      `cognito-idp.eu-central-1.amazonaws.com/${String(r({ Ref: 'UserPool' }))}`,
    );
    expect(r({ 'Fn::GetAtt': ['Topic', 'TopicArn'] })).toBe(r({ Ref: 'Topic' }));
    expect(arnOf('Secret', sample, target)).toBe(r({ Ref: 'Secret' }));
  });

  it('Fn::Join, Fn::Sub (both forms), Fn::Select and Fn::Split resolve, nested and deep', () => {
    expect(r({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/*']] })).toBe(`${TABLE_ARN}/index/*`);
    expect(r({ 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${Bus}' })).toBe(
      'arn:aws:events:eu-central-1:111122223333:event-bus/sample-bus',
    );
    expect(r({ 'Fn::Sub': '${Table.Arn}/index/* ${!Literal}' })).toBe(`${TABLE_ARN}/index/* \${Literal}`);
    expect(r({ 'Fn::Sub': ['${Arn}/index/${Index}', { Arn: { 'Fn::GetAtt': ['Table', 'Arn'] }, Index: 'byOwner' }] })).toBe(
      `${TABLE_ARN}/index/byOwner`,
    );
    expect(r({ 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Queue', 'Arn'] }] }] })).toBe('aws');
    expect(r({ 'Fn::Select': ['0', ['a', 'b']] })).toBe('a');
    expect(r({ list: [{ Ref: 'AWS::Region' }, 1, true, null], nested: { name: { Ref: 'Table' } } })).toEqual({
      list: ['eu-central-1', 1, true, null],
      nested: { name: 'Sample-Table' },
    });
  });

  it('an intrinsic, attribute or name it cannot resolve throws with the path, so a new one is noticed', () => {
    const attempt = (value: unknown) => () => resolve(value, sample, target, '$.Environment');
    expect(attempt({ 'Fn::If': ['IsProd', 'a', 'b'] })).toThrow(UnresolvableIntrinsicError);
    expect(attempt({ x: [{ 'Fn::ImportValue': 'Shared' }] })).toThrow(
      'Unsupported intrinsic Fn::ImportValue at $.Environment.x[0].Fn::ImportValue',
    );
    expect(attempt({ 'Fn::GetAtt': ['Table', 'Nope'] })).toThrow('Unsupported attribute Nope of AWS::DynamoDB::Table Table');
    expect(attempt({ 'Fn::GetAtt': ['Bus', 'Policy'] })).toThrow(UnresolvableIntrinsicError);
    expect(attempt({ Ref: 'AWS::NotificationARNs' })).toThrow('Unsupported pseudo parameter');
    expect(attempt({ Ref: 'Missing' })).toThrow('No resource or parameter Missing');
    expect(attempt({ 'Fn::Select': [5, ['a']] })).toThrow(UnresolvableIntrinsicError);
    expect(() => resolveString({ 'Fn::Split': [',', 'a,b'] }, sample, target)).toThrow('Expected a string');
  });
});

describe('recorded SDK calls become the IAM requests AWS authorises', () => {
  const requests = (...calls: RecordedSdkCall[]) => requestsOf(sample, target, calls);
  const kmsVia = (service: string) => ({ 'kms:ViaService': `${service}.eu-central-1.amazonaws.com`, 'kms:CallerAccount': '111122223333' });

  it('an item call carries its partition key as dynamodb:LeadingKeys, marshalled or plain, and implies kms:Decrypt on the table key', () => {
    expect(requests(dynamodb('GetItemCommand', { TableName: TABLE, Key: { pk: { S: 'CHILD#1' }, sk: { S: 'PROFILE' } } }))).toEqual([
      {
        action: 'dynamodb:GetItem',
        resource: TABLE_ARN,
        context: { 'dynamodb:LeadingKeys': ['CHILD#1'] },
        via: 'DynamoDBClient GetItemCommand',
      },
      {
        action: 'kms:Decrypt',
        resource: KEY_ARN,
        context: kmsVia('dynamodb'),
        via: `DynamoDBClient GetItemCommand (key of table ${TABLE})`,
      },
    ]);
    const [put] = requests({
      service: 'DynamoDBDocumentClient',
      command: 'PutCommand',
      input: { TableName: TABLE, Item: { pk: 'AUDIT#1', sk: 'x' } },
    });
    expect(put).toMatchObject({ action: 'dynamodb:PutItem', context: { 'dynamodb:LeadingKeys': ['AUDIT#1'] } });
  });

  it('writes imply kms:Decrypt and kms:GenerateDataKey through DynamoDB', () => {
    expect(
      requests(dynamodb('UpdateItemCommand', { TableName: TABLE, Key: { pk: { S: 'CHILD#1' }, sk: { S: 'x' } } })).map((r) => r.action),
    ).toEqual(['dynamodb:UpdateItem', 'kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('a Query binds LeadingKeys to the partition key in its key condition; on an index, the index ARN and its partition key', () => {
    const [onTable] = requests(
      dynamodb('QueryCommand', {
        TableName: TABLE,
        KeyConditionExpression: '#sk >= :from AND #pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': { S: 'CHILD#1' }, ':from': { S: 'VISIT#' } },
      }),
    );
    expect(onTable).toMatchObject({ action: 'dynamodb:Query', resource: TABLE_ARN, context: { 'dynamodb:LeadingKeys': ['CHILD#1'] } });
    const [onIndex] = requests(
      dynamodb('QueryCommand', {
        TableName: TABLE,
        IndexName: 'byOwner',
        KeyConditionExpression: ':owner = gsi1pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':owner': 'WORKER#7', ':prefix': 'CHILD#' },
      }),
    );
    expect(onIndex).toMatchObject({ resource: `${TABLE_ARN}/index/byOwner`, context: { 'dynamodb:LeadingKeys': ['WORKER#7'] } });
    expect(() =>
      requests(dynamodb('QueryCommand', { TableName: TABLE, KeyConditionExpression: 'sk = :x', ExpressionAttributeValues: { ':x': 'a' } })),
    ).toThrow('No equality on partition key pk');
  });

  it('transactions expand to per-item actions (IAM has no TransactWriteItems action)', () => {
    const write = requests(
      dynamodb('TransactWriteItemsCommand', {
        TransactItems: [
          { Put: { TableName: TABLE, Item: { pk: { S: 'CHILD#2' }, sk: { S: 'PROFILE' } } } },
          { Update: { TableName: TABLE, Key: { pk: { S: 'CHILD#2' }, sk: { S: 'CASE' } } } },
          { Delete: { TableName: TABLE, Key: { pk: { S: 'LOCK#2' }, sk: { S: 'LOCK' } } } },
          { ConditionCheck: { TableName: TABLE, Key: { pk: { S: 'WORKER#7' }, sk: { S: 'PROFILE' } } } },
        ],
      }),
    );
    expect(
      write.filter((r) => r.action.startsWith('dynamodb:')).map((r) => `${r.action} ${String(r.context['dynamodb:LeadingKeys'])}`),
    ).toEqual([
      'dynamodb:PutItem CHILD#2',
      'dynamodb:UpdateItem CHILD#2',
      'dynamodb:DeleteItem LOCK#2',
      'dynamodb:ConditionCheckItem WORKER#7',
    ]);
    expect(write.find((r) => r.action === 'dynamodb:PutItem')?.context['dynamodb:EnclosingOperation']).toBe('TransactWriteItems');
    // The key requests are the same for every item: each appears once.
    expect(write.filter((r) => r.action.startsWith('kms:')).map((r) => r.action)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    const read = requests(
      dynamodb('TransactGetItemsCommand', { TransactItems: [{ Get: { TableName: TABLE, Key: { pk: 'CHILD#3', sk: 'x' } } }] }),
    );
    expect(read.map((r) => r.action)).toEqual(['dynamodb:GetItem', 'kms:Decrypt']);
  });

  it('batch calls are one request per table with every partition key', () => {
    const [batchGet] = requests(
      dynamodb('BatchGetItemCommand', {
        RequestItems: {
          [TABLE]: {
            Keys: [
              { pk: { S: 'A#1' }, sk: { S: 'x' } },
              { pk: { S: 'B#1' }, sk: { S: 'x' } },
              { pk: { S: 'A#1' }, sk: { S: 'y' } },
            ],
          },
        },
      }),
    );
    expect(batchGet).toMatchObject({
      action: 'dynamodb:BatchGetItem',
      resource: TABLE_ARN,
      context: { 'dynamodb:LeadingKeys': ['A#1', 'B#1'] },
    });
    const batchWrite = requests(
      dynamodb('BatchWriteItemCommand', {
        RequestItems: {
          [TABLE]: [
            { PutRequest: { Item: { pk: { S: 'AUDIT#1' }, sk: { S: 'x' } } } },
            { DeleteRequest: { Key: { pk: { S: 'AUDIT#2' }, sk: { S: 'y' } } } },
          ],
        },
      }),
    );
    expect(batchWrite.map((r) => `${r.action} ${JSON.stringify(r.context['dynamodb:LeadingKeys'] ?? null)}`)).toEqual([
      'dynamodb:BatchWriteItem ["AUDIT#1","AUDIT#2"]',
      'kms:Decrypt null',
      'kms:GenerateDataKey null',
    ]);
  });

  it('stream calls are on the stream ARN (GetRecords takes it from the shard iterator); ListStreams on *', () => {
    const streamArn = `${TABLE_ARN}/stream/${STREAM_LABEL}`;
    const stream = (command: string, input: Record<string, unknown>) => requests({ service: 'DynamoDBStreamsClient', command, input });
    expect(stream('DescribeStreamCommand', { StreamArn: streamArn })).toEqual([
      expect.objectContaining({ action: 'dynamodb:DescribeStream', resource: streamArn }),
    ]);
    expect(stream('GetRecordsCommand', { ShardIterator: `${streamArn}|1|AAAAAAAA` }).map((r) => `${r.action} ${r.resource}`)).toEqual([
      `dynamodb:GetRecords ${streamArn}`,
      `kms:Decrypt ${KEY_ARN}`,
    ]);
    expect(stream('ListStreamsCommand', {})).toEqual([expect.objectContaining({ action: 'dynamodb:ListStreams', resource: '*' })]);
    expect(requests(dynamodb('DescribeTableCommand', { TableName: TABLE }))).toEqual([
      expect.objectContaining({ action: 'dynamodb:DescribeTable', resource: TABLE_ARN }),
    ]);
  });

  it('events, secrets, queues, topics and user pools map to their actions, resources and implied key use', () => {
    const events = requests({
      service: 'EventBridgeClient',
      command: 'PutEventsCommand',
      input: {
        Entries: [
          { EventBusName: 'sample-bus', Source: 'reintegration', DetailType: 'FlagRaised' },
          { Source: 'x', DetailType: 'y' },
        ],
      },
    });
    expect(events.map((r) => r.resource)).toEqual([
      'arn:aws:events:eu-central-1:111122223333:event-bus/sample-bus',
      'arn:aws:events:eu-central-1:111122223333:event-bus/default',
    ]);
    expect(events[0]?.context).toEqual({ 'events:source': ['reintegration'], 'events:detail-type': ['FlagRaised'] });

    const secretArn = arnOf('Secret', sample, target);
    expect(requests({ service: 'SecretsManagerClient', command: 'GetSecretValueCommand', input: { SecretId: 'sample/export' } })).toEqual([
      {
        action: 'secretsmanager:GetSecretValue',
        resource: secretArn,
        context: { 'secretsmanager:SecretId': secretArn },
        via: 'SecretsManagerClient GetSecretValueCommand',
      },
      expect.objectContaining({ action: 'kms:Decrypt', resource: KEY_ARN, context: kmsVia('secretsmanager') }),
    ]);

    const queueUrl = resolveString({ Ref: 'Queue' }, sample, target);
    expect(
      requests({ service: 'SQSClient', command: 'SendMessageCommand', input: { QueueUrl: queueUrl, MessageBody: '{}' } }).map(
        (r) => `${r.action} ${r.resource}`,
      ),
    ).toEqual([`sqs:SendMessage ${arnOf('Queue', sample, target)}`, `kms:GenerateDataKey ${KEY_ARN}`, `kms:Decrypt ${KEY_ARN}`]);
    const topicArn = arnOf('Topic', sample, target);
    expect(requests({ service: 'SNSClient', command: 'PublishCommand', input: { TopicArn: topicArn, Message: 'x' } })).toEqual([
      expect.objectContaining({ action: 'sns:Publish', resource: topicArn }),
    ]);
    const userPoolId = resolveString({ Ref: 'UserPool' }, sample, target);
    expect(
      requests({
        service: 'CognitoIdentityProviderClient',
        command: 'AdminGetUserCommand',
        input: { UserPoolId: userPoolId, Username: 'u' },
      }),
    ).toEqual([expect.objectContaining({ action: 'cognito-idp:AdminGetUser', resource: arnOf('UserPool', sample, target) })]);
  });

  it('an unknown command, or a table the template does not have, throws so it is noticed', () => {
    expect(() => requests(dynamodb('RestoreTableFromBackupCommand', {}))).toThrow(
      'No IAM mapping for DynamoDBClient RestoreTableFromBackupCommand',
    );
    expect(() => requests({ service: 'S3Client', command: 'GetObjectCommand', input: {} })).toThrow('No IAM mapping');
    expect(() => requests(dynamodb('GetItemCommand', { TableName: 'other', Key: { pk: 'x' } }))).toThrow('No table named other');
  });
});

describe('least privilege on the hand-written template', () => {
  const readChild = dynamodb('GetItemCommand', { TableName: TABLE, Key: { pk: { S: 'CHILD#01' }, sk: { S: 'PROFILE' } } });

  it('a GetItem on the table is allowed by a read grant; a removed grant is reported as a deny', async () => {
    expect(outcomes(await decide(sample, 'Reader', [readChild]))).toEqual(['dynamodb:GetItem Allowed', 'kms:Decrypt Allowed']);

    const [denied] = await decide(withoutStatements(sample, 'ReaderRole', grants('dynamodb:GetItem')), 'Reader', [readChild]);
    expect(denied).toMatchObject({ result: 'ImplicitlyDenied', request: { action: 'dynamodb:GetItem' } });
    expect(denied?.detail).toContain('no statement of the role');
  });

  it('an explicit Deny on AUDIT# leading keys refuses UpdateItem there, whatever else is granted, and allows CHILD#', async () => {
    const update = (pk: string) => dynamodb('UpdateItemCommand', { TableName: TABLE, Key: { pk: { S: pk }, sk: { S: 'x' } } });
    const [audit, , , child] = await decide(sample, 'Writer', [update('AUDIT#x'), update('CHILD#x')]);
    expect(audit).toMatchObject({ result: 'ExplicitlyDenied', detail: 'denied by WriterPolicy NoAuditChanges' });
    expect(child?.result).toBe('Allowed');
  });

  it('a reading function may put audit records only (ForAllValues:StringLike on LeadingKeys)', async () => {
    const put = (pk: string) => dynamodb('PutItemCommand', { TableName: TABLE, Item: { pk: { S: pk }, sk: { S: 'x' } } });
    const decisions = await decide(sample, 'Reader', [put('AUDIT#01'), put('CHILD#01')]);
    expect(decisions.filter((d) => d.request.action === 'dynamodb:PutItem').map((d) => d.result)).toEqual(['Allowed', 'ImplicitlyDenied']);
  });

  it('ForAllValues on an absent LeadingKeys passes, as in IAM: which is why every item request carries its leading key', async () => {
    const withoutLeadingKeys: IamRequest = { action: 'dynamodb:PutItem', resource: TABLE_ARN, context: {} };
    expect((await simulateFunctionRequests(sample, 'Reader', [withoutLeadingKeys], target))[0]?.result).toBe('Allowed');
  });

  it('KMS: a read derives kms:Decrypt, allowed by key policy and identity policy together; either missing denies it', async () => {
    const decrypt = async (template: CfnTemplate) =>
      (await decide(template, 'Reader', [readChild])).find((d) => d.request.action === 'kms:Decrypt');
    expect((await decrypt(sample))?.result).toBe('Allowed');

    expect((await decrypt(withoutStatements(sample, 'ReaderRole', grantsKms)))?.result).toBe('ImplicitlyDenied');

    // A key policy that does not trust the account's IAM policies makes the identity grant worthless.
    const untrusting = copyOf(sample);
    untrusting.Resources.Key!.Properties!.KeyPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 'kms:*', Resource: '*' }],
    };
    expect((await decrypt(untrusting))?.result).toBe('ImplicitlyDenied');
  });

  it('grants from inline, managed and attached policies all count; a resource policy Deny is honoured (TLS only)', async () => {
    const decisions = await decide(sample, 'Writer', [
      {
        service: 'EventBridgeClient',
        command: 'PutEventsCommand',
        input: {
          Entries: [
            { EventBusName: 'sample-bus', Source: 's', DetailType: 'd' },
            { Source: 's', DetailType: 'd' },
          ],
        },
      },
      { service: 'SecretsManagerClient', command: 'GetSecretValueCommand', input: { SecretId: 'sample/export' } },
      {
        service: 'SQSClient',
        command: 'SendMessageCommand',
        input: { QueueUrl: resolveString({ Ref: 'Queue' }, sample, target), MessageBody: 'x' },
      },
    ]);
    expect(outcomes(decisions)).toEqual([
      'events:PutEvents Allowed',
      'events:PutEvents ImplicitlyDenied', // the default bus is not granted
      'secretsmanager:GetSecretValue Allowed',
      'kms:Decrypt Allowed',
      'sqs:SendMessage Allowed',
      'kms:GenerateDataKey Allowed',
      'kms:Decrypt Allowed',
    ]);
    // Every condition key the requests carry is one the services define for the action: none was dropped.
    expect(decisions.flatMap((decision) => decision.ignoredContextKeys ?? [])).toEqual([]);
    const overPlainHttp = await simulateFunctionRequests(
      sample,
      'Writer',
      [{ action: 'sqs:SendMessage', resource: arnOf('Queue', sample, target), context: { 'aws:SecureTransport': 'false' } }],
      target,
    );
    expect(overPlainHttp[0]).toMatchObject({ result: 'ExplicitlyDenied', detail: 'denied by QueuePolicy#1' });
  });

  it('the principal is the execution role session named after the function', async () => {
    expect(functionPrincipalOf(sample, 'Writer', target)).toMatchObject({
      roleArn: 'arn:aws:iam::111122223333:role/sample-writer-role',
      sessionArn: 'arn:aws:sts::111122223333:assumed-role/sample-writer-role/sample-writer',
    });
    const awsManaged = copyOf(sample);
    awsManaged.Resources.WriterRole!.Properties!.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AdministratorAccess'];
    await expect(decide(awsManaged, 'Writer', [readChild])).rejects.toThrow('managed policies outside the template');
  });

  it('unusedPermissions lists a granted-but-unused action and not a used one; Deny statements are not permissions', () => {
    const auditRecord = dynamodb('PutItemCommand', { TableName: TABLE, Item: { pk: { S: 'AUDIT#01' }, sk: { S: 'READ' } } });
    const used = requestsOf(sample, target, [readChild, auditRecord]);
    const unused = unusedPermissions(sample, 'Reader', used, target).map((u) => `${u.statement} ${u.action} ${u.resource}`);
    expect(unused).toContain(`ReaderPolicy ReadTable dynamodb:Query ${TABLE_ARN}`);
    expect(unused).toContain(`ReaderPolicy ReadTable dynamodb:GetItem ${TABLE_ARN}/index/*`);
    expect(unused).toContain(`ReaderPolicy DecryptTable kms:DescribeKey ${KEY_ARN}`);
    expect(unused).not.toContain(`ReaderPolicy ReadTable dynamodb:GetItem ${TABLE_ARN}`);
    expect(unused).not.toContain(`ReaderPolicy DecryptTable kms:Decrypt ${KEY_ARN}`);
    expect(unused.some((line) => line.includes('NoAuditChanges'))).toBe(false);
    // A wildcard action is used by any action it matches: kms:GenerateDataKey* by the put's kms:GenerateDataKey.
    expect(unused).not.toContainEqual(expect.stringContaining('kms:GenerateDataKey*'));
    expect(unused).toContain(`ReaderPolicy AuditKeys kms:Encrypt ${KEY_ARN}`);
  });
});

describe('least privilege on the synthesized stack', () => {
  const deployment: DeploymentTarget = { partition: 'aws', region: 'eu-central-1', accountId: '111122223333', stackName: 'Reintegration' };
  let stack: CfnTemplate;

  beforeAll(() => {
    stack = readSynthesizedAssembly().template;
  });

  /** The function of a route: its Description ends with `(<operationId>)`. */
  const routeFunction = (operationId: string): string => {
    const ids = logicalIdsOfType(stack, 'AWS::Lambda::Function').filter((id) =>
      String(stack.Resources[id]?.Properties?.Description ?? '').endsWith(`(${operationId})`),
    );
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };
  /** The table a function is given, as its code sees TABLE_NAME. */
  const tableNameOf = (functionId: string): string =>
    resolveString(
      (stack.Resources[functionId]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.TABLE_NAME,
      stack,
      deployment,
    );
  const roleOf = (functionId: string): string => functionPrincipalOf(stack, functionId, deployment).roleLogicalId;
  const item = (command: string, TableName: string, pk: string) =>
    dynamodb(
      command,
      command === 'PutItemCommand'
        ? { TableName, Item: { pk: { S: pk }, sk: { S: 'x' } } }
        : { TableName, Key: { pk: { S: pk }, sk: { S: 'x' } } },
    );

  it('every function environment and IAM policy resolves with no intrinsic left', () => {
    const types = [
      'AWS::Lambda::Function',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::KMS::Key',
      'AWS::SQS::QueuePolicy',
      'AWS::SNS::TopicPolicy',
    ];
    for (const type of types) {
      for (const id of logicalIdsOfType(stack, type)) {
        const properties = stack.Resources[id]?.Properties ?? {};
        const relevant =
          type === 'AWS::Lambda::Function' ? { Environment: properties.Environment ?? null, Role: properties.Role } : properties;
        expect(() => resolve(relevant, stack, deployment, `$.Resources.${id}`)).not.toThrow();
      }
    }
  });

  it('a reading route may GetItem its table and decrypt with the key; a removed grant is reported as a deny', async () => {
    const getChild = routeFunction('getChild');
    const read = item('GetItemCommand', tableNameOf(getChild), 'CHILD#01');
    expect(outcomes(await decide(stack, getChild, [read], deployment))).toEqual(['dynamodb:GetItem Allowed', 'kms:Decrypt Allowed']);

    const withoutRead = withoutStatements(stack, roleOf(getChild), grants('dynamodb:GetItem'));
    expect(outcomes(await decide(withoutRead, getChild, [read], deployment))).toEqual([
      'dynamodb:GetItem ImplicitlyDenied',
      'kms:Decrypt Allowed',
    ]);
  });

  it('KMS: removing the function’s key grant denies the Decrypt a read implies (the key policy trusts IAM only)', async () => {
    const getChild = routeFunction('getChild');
    const read = item('GetItemCommand', tableNameOf(getChild), 'CHILD#01');
    const withoutKey = withoutStatements(stack, roleOf(getChild), grantsKms);
    expect(outcomes(await decide(withoutKey, getChild, [read], deployment))).toEqual([
      'dynamodb:GetItem Allowed',
      'kms:Decrypt ImplicitlyDenied',
    ]);
  });

  it('a DeleteItem on an AUDIT# partition is explicitly denied; on a CHILD# partition allowed', async () => {
    const updateChild = routeFunction('updateChild');
    const table = tableNameOf(updateChild);
    const decisions = await decide(
      stack,
      updateChild,
      [item('DeleteItemCommand', table, 'AUDIT#x'), item('DeleteItemCommand', table, 'CHILD#x')],
      deployment,
    );
    expect(decisions.filter((d) => d.request.action === 'dynamodb:DeleteItem').map((d) => d.result)).toEqual([
      'ExplicitlyDenied',
      'Allowed',
    ]);
  });

  it('no function may UpdateItem: the data layer never does, so it is not granted', async () => {
    const updateChild = routeFunction('updateChild');
    const decisions = await decide(stack, updateChild, [item('UpdateItemCommand', tableNameOf(updateChild), 'CHILD#x')], deployment);
    expect(decisions.filter((d) => d.request.action === 'dynamodb:UpdateItem').map((d) => d.result)).toEqual(['ImplicitlyDenied']);
  });

  it('a transaction is authorised item by item: the one item on an AUDIT# partition is reported', async () => {
    const updateChild = routeFunction('updateChild');
    const TableName = tableNameOf(updateChild);
    const transaction = dynamodb('TransactWriteItemsCommand', {
      TransactItems: [
        { Put: { TableName, Item: { pk: { S: 'CHILD#x' }, sk: { S: 'VERSION#2' } } } },
        { Update: { TableName, Key: { pk: { S: 'AUDIT#x' }, sk: { S: 'x' } } } },
        { ConditionCheck: { TableName, Key: { pk: { S: 'CHILD#x' }, sk: { S: 'PROFILE' } } } },
      ],
    });
    const decisions = await decide(stack, updateChild, [transaction], deployment);
    expect(outcomes(decisions)).toEqual([
      'dynamodb:PutItem Allowed',
      'kms:Decrypt Allowed',
      'kms:GenerateDataKey Allowed',
      'dynamodb:UpdateItem ExplicitlyDenied',
      'dynamodb:ConditionCheckItem Allowed',
    ]);
    expect(decisions.flatMap((decision) => decision.ignoredContextKeys ?? [])).toEqual([]);
  });

  it('a reading route’s PutItem outside AUDIT#* is denied; an audit record is allowed', async () => {
    const getChild = routeFunction('getChild');
    const table = tableNameOf(getChild);
    const decisions = await decide(
      stack,
      getChild,
      [item('PutItemCommand', table, 'CHILD#x'), item('PutItemCommand', table, 'AUDIT#x')],
      deployment,
    );
    expect(outcomes(decisions)).toEqual([
      'dynamodb:PutItem ImplicitlyDenied',
      'kms:Decrypt Allowed',
      'kms:GenerateDataKey Allowed',
      'dynamodb:PutItem Allowed',
      'kms:Decrypt Allowed',
      'kms:GenerateDataKey Allowed',
    ]);
  });

  it('only the export route reads the pseudonym secret', async () => {
    const secretArn = arnOf(logicalIdsOfType(stack, 'AWS::SecretsManager::Secret')[0]!, stack, deployment);
    const getSecret: RecordedSdkCall = {
      service: 'SecretsManagerClient',
      command: 'GetSecretValueCommand',
      input: { SecretId: secretArn },
    };
    expect(outcomes(await decide(stack, routeFunction('exportOutcomes'), [getSecret], deployment))).toEqual([
      'secretsmanager:GetSecretValue Allowed',
      'kms:Decrypt Allowed',
    ]);
    expect((await decide(stack, routeFunction('getChild'), [getSecret], deployment))[0]?.result).toBe('ImplicitlyDenied');
  });

  it('the flag events publisher may put events on its bus and nowhere else', async () => {
    const publisher = logicalIdsOfType(stack, 'AWS::Lambda::Function').find((id) =>
      JSON.stringify(stack.Resources[id]?.Properties?.Environment ?? {}).includes('EVENT_BUS_NAME'),
    )!;
    const variables = (stack.Resources[publisher]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    const bus = resolveString(variables.EVENT_BUS_NAME, stack, deployment);
    const putEvents: RecordedSdkCall = {
      service: 'EventBridgeClient',
      command: 'PutEventsCommand',
      input: {
        Entries: [
          { EventBusName: bus, Source: 'reintegration', DetailType: 'FlagRaised' },
          { Source: 'reintegration', DetailType: 'FlagRaised' },
        ],
      },
    };
    expect(outcomes(await decide(stack, publisher, [putEvents], deployment))).toEqual([
      'events:PutEvents Allowed',
      'events:PutEvents ImplicitlyDenied',
    ]);
  });

  it('unusedPermissions names what a reading route is granted but did not use', () => {
    const getChild = routeFunction('getChild');
    const table = tableNameOf(getChild);
    const used = requestsOf(stack, deployment, [item('GetItemCommand', table, 'CHILD#01')]);
    const unused = unusedPermissions(stack, getChild, used, deployment).map((u) => u.action);
    expect(unused).toEqual(expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'kms:GenerateDataKey']));
    expect(unused).not.toContain('kms:Decrypt');
    expect(unused).not.toContain('dynamodb:GetItem');
    // Query on the table and on its indexes are two permissions, both unused here.
    expect(
      unusedPermissions(stack, getChild, used, deployment)
        .filter((u) => u.action === 'dynamodb:Query')
        .map((u) => u.resource)
        .sort(),
    ).toEqual([directoryOf(stack, deployment).tableArnOf(table), `${directoryOf(stack, deployment).tableArnOf(table)}/index/*`]);
  });
});
