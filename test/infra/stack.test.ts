import { Match, Template } from 'aws-cdk-lib/assertions';
import { routeKey, type NamedRoute } from '../../lib/api/route';
import { routeList, routes } from '../../lib/api/routes';
import { localRouteList } from '../../local/routes/table';
import { ROLES } from '../../lib/auth/principal';
import { TABLE_DESIGN } from '../../lib/data/table-design';
import { TABLE_ACTIONS } from '../../infra/constructs/product-function';
import { PROGRAMME_DEFAULTS } from '../../lib/config';
import { FLAG_TYPES } from '../../lib/domain/flags';
import { FLAG_TYPE_DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/metric-names';
import { readSynthesizedAssembly } from '../cloud/support/cloud-assembly';

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
type Resources = Record<string, CfnResource>;

interface FunctionProps {
  Description?: string;
  Runtime: string;
  Architectures: string[];
  Role: { 'Fn::GetAtt': [string, string] };
  Environment: { Variables: Record<string, unknown> };
}
interface PolicyStatement {
  Action: string | string[];
  Effect: string;
}

/** Functions CDK adds for its own custom resources (log retention, providers), not route handlers. */
const isCdkHelperFunction = (logicalId: string): boolean =>
  /^(LogRetention[0-9a-f]{32}|AWS[0-9a-f]{32})$|CustomResourceProvider/.test(logicalId);

const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

let template: Template;

const resourcesOf = (type: string): Resources => template.findResources(type) as Resources;
const logicalIdMatching = (type: string, pattern: RegExp): string => {
  const ids = Object.keys(resourcesOf(type)).filter((id) => pattern.test(id));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
const onlyLogicalId = (type: string): string => {
  const ids = Object.keys(resourcesOf(type));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

/** The product's functions (CDK helpers left out), by their Description. */
function productFunctions(): Map<string, FunctionProps> {
  const fns = new Map<string, FunctionProps>();
  for (const [id, resource] of Object.entries(resourcesOf('AWS::Lambda::Function'))) {
    if (isCdkHelperFunction(id)) continue;
    const props = resource.Properties as unknown as FunctionProps;
    fns.set(props.Description ?? id, props);
  }
  return fns;
}

const routeDescription = (route: NamedRoute) => `${routeKey(route)} (${route.operationId})`;

/** The route functions, by their Description, which is `<route key> (<operationId>)`. */
function routeFunctions(): Map<string, FunctionProps> {
  const descriptions = new Set(routeList.map(routeDescription));
  return new Map([...productFunctions()].filter(([description]) => descriptions.has(description)));
}

const functionOf = (route: NamedRoute): FunctionProps => {
  const fn = routeFunctions().get(routeDescription(route));
  if (!fn) throw new Error(`no function for ${routeKey(route)}`);
  return fn;
};

/** The statements of the policies attached to the function's execution role. */
function statementsOf(fn: FunctionProps): Array<PolicyStatement & { Condition?: unknown }> {
  const roleId = fn.Role['Fn::GetAtt'][0];
  return Object.values(resourcesOf('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Array<PolicyStatement & { Condition?: unknown }> }).Statement);
}

/** Every action the function's execution role is allowed by the policies attached to it. */
function allowedActions(fn: FunctionProps): Set<string> {
  const roleId = fn.Role['Fn::GetAtt'][0];
  const actions = new Set<string>();
  for (const policy of Object.values(resourcesOf('AWS::IAM::Policy'))) {
    const roles = policy.Properties.Roles as { Ref: string }[];
    if (!roles.some((r) => r.Ref === roleId)) continue;
    const statements = (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement;
    for (const s of statements.filter((st) => st.Effect === 'Allow')) {
      for (const a of [s.Action].flat()) actions.add(a);
    }
  }
  return actions;
}

beforeAll(() => {
  // The template `cdk synth` wrote for this run (test/support/synth-setup.ts), as a deployment would upload it.
  template = Template.fromJSON(readSynthesizedAssembly().template);
});

describe('table', () => {
  test('the table has point-in-time recovery on', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test('the table has deletion protection on', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });

  test('the table is encrypted with the customer-managed KMS key', () => {
    const keyId = onlyLogicalId('AWS::KMS::Key');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });

  test('the KMS key rotates and is retained on stack deletion', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the table is retained on stack deletion (DeletionPolicy Retain)', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('the table streams NEW_AND_OLD_IMAGES', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  test('the table bills on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST' });
  });

  test('the table has the keys and exactly the GSIs and LSIs of TABLE_DESIGN, all string keys, projection ALL', () => {
    const table = Object.values(resourcesOf('AWS::DynamoDB::Table'))[0]!.Properties;
    const hashRange = (hash: string, range: string) => [
      { AttributeName: hash, KeyType: 'HASH' },
      { AttributeName: range, KeyType: 'RANGE' },
    ];
    expect(table.KeySchema).toEqual(hashRange(TABLE_DESIGN.partitionKey, TABLE_DESIGN.sortKey));
    expect(table.GlobalSecondaryIndexes).toEqual(
      TABLE_DESIGN.globalIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: hashRange(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(table.LocalSecondaryIndexes).toEqual(
      TABLE_DESIGN.localIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: hashRange(TABLE_DESIGN.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyNames = [
      TABLE_DESIGN.partitionKey,
      TABLE_DESIGN.sortKey,
      ...TABLE_DESIGN.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
      ...TABLE_DESIGN.localIndexes.map((index) => index.sortKey),
    ];
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(table.AttributeDefinitions).toHaveLength(new Set(keyNames).size);
  });
});

describe('functions', () => {
  test('there is exactly one Lambda function per cloud route, and the flag-event publisher, the outcome projector and the sweep besides', () => {
    const fns = routeFunctions();
    expect(fns.size).toBe(routeList.length);
    for (const route of routeList) expect(fns.has(routeDescription(route))).toBe(true);
    expect(productFunctions().size).toBe(routeList.length + 3);
  });

  test('every function runs nodejs22.x on arm64 with 512 MB; route functions time out after 10 s', () => {
    for (const fn of productFunctions().values()) {
      expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 512 });
    }
    for (const fn of routeFunctions().values()) expect(fn).toMatchObject({ Timeout: 10 });
  });

  test('every route function logs to its own log group with a retention', () => {
    const logGroups = resourcesOf('AWS::Logs::LogGroup');
    for (const [id, resource] of Object.entries(resourcesOf('AWS::Lambda::Function'))) {
      if (isCdkHelperFunction(id)) continue;
      const ref = (resource.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logGroups[ref]?.Properties.RetentionInDays).toEqual(expect.any(Number));
    }
    // one per function, and the API's access log
    expect(Object.keys(logGroups)).toHaveLength(productFunctions().size + 1);
  });

  test('every route that reads the table gets the table, the token issuer and the programme rules; every function the log settings', () => {
    const tableId = onlyLogicalId('AWS::DynamoDB::Table');
    for (const route of routeList.filter((r) => r.access !== 'public')) {
      expect(functionOf(route).Environment.Variables).toMatchObject({
        TABLE_NAME: { Ref: tableId },
        AUTH_ISSUER: expect.anything(),
        AUTH_AUDIENCE: expect.anything(),
        AUTH_JWKS_URL: expect.anything(),
        ...PROGRAMME_DEFAULTS,
      });
    }
    for (const fn of productFunctions().values()) {
      expect(fn.Environment.Variables).toMatchObject({
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_SERVICE_NAME: expect.any(String),
      });
      // Loading source maps costs every cold start ~20 ms (issue 19); the map stays beside the bundle for offline use.
      expect(fn.Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  test('public routes are given no table, no issuer and no settings', () => {
    for (const route of routeList.filter((r) => r.access === 'public')) {
      const names = Object.keys(functionOf(route).Environment.Variables);
      expect(names.filter((name) => !/^POWERTOOLS_/.test(name))).toEqual([]);
    }
  });

  test('functions verify tokens with the issuer and audience of the authorizer, keys from the issuer JWKS', () => {
    const authorizer = Object.values(resourcesOf('AWS::ApiGatewayV2::Authorizer'))[0]!.Properties;
    const { Issuer, Audience } = authorizer.JwtConfiguration as { Issuer: { 'Fn::Join': [string, unknown[]] }; Audience: unknown[] };
    for (const fn of routeList.filter((r) => r.access !== 'public').map(functionOf)) {
      expect(fn.Environment.Variables.AUTH_ISSUER).toEqual(Issuer);
      expect([fn.Environment.Variables.AUTH_AUDIENCE]).toEqual(Audience);
      expect(fn.Environment.Variables.AUTH_JWKS_URL).toEqual({
        'Fn::Join': ['', [...Issuer['Fn::Join'][1], '/.well-known/jwks.json']],
      });
    }
  });

  test('functions of public routes (health, contract, docs) may not touch the table or its key at all', () => {
    const publicRoutes = routeList.filter((r) => r.access === 'public');
    expect(publicRoutes.length).toBeGreaterThan(0);
    for (const route of publicRoutes) {
      expect([...allowedActions(functionOf(route))].filter((a) => a.startsWith('dynamodb:') || a.startsWith('kms:'))).toEqual([]);
    }
  });

  test('functions of GET routes may read the table, and write audit records (AUDIT# partitions) and nothing else', () => {
    for (const route of routeList.filter((r) => r.method === 'GET' && r.access !== 'public')) {
      const fn = functionOf(route);
      const actions = allowedActions(fn);
      expect(actions).toContain('dynamodb:GetItem');
      expect(actions).toContain('dynamodb:Query');
      expect(actions).toContain('kms:Decrypt');
      for (const a of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:*', 'kms:*']) expect(actions).not.toContain(a);
      const unconditionalWrites = statementsOf(fn).filter(
        (st) => st.Effect === 'Allow' && !st.Condition && [st.Action].flat().some((a) => WRITE_ACTIONS.includes(a)),
      );
      expect(unconditionalWrites).toEqual([]);
      expect(statementsOf(fn)).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Action: 'dynamodb:PutItem',
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        }),
      );
    }
  });

  test('no function that may write the table may update or delete an audit record', () => {
    const writers = [...productFunctions().values()].filter((fn) => allowedActions(fn).has('dynamodb:PutItem'));
    expect(writers.length).toBeGreaterThan(routeList.length / 2);
    for (const fn of writers) {
      expect(statementsOf(fn)).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        }),
      );
    }
  });

  test('functions of other routes may do what the data layer does and no more: no Scan, no UpdateItem, no DescribeTable', () => {
    const writers = routeList.filter((r) => r.method !== 'GET');
    expect(writers.length).toBeGreaterThan(0);
    for (const route of writers) {
      const tableActions = [...allowedActions(functionOf(route))].filter((a) => a.startsWith('dynamodb:') || a.startsWith('kms:'));
      expect(tableActions.sort()).toEqual([...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write, 'kms:Decrypt', 'kms:GenerateDataKey'].sort());
    }
  });
});

describe('HTTP API', () => {
  const routesByKey = (): Map<string, Record<string, unknown>> => {
    const byKey = new Map<string, Record<string, unknown>>();
    for (const resource of Object.values(resourcesOf('AWS::ApiGatewayV2::Route'))) {
      byKey.set(resource.Properties.RouteKey as string, resource.Properties);
    }
    return byKey;
  };

  test('there is one API Gateway route per cloud route, with RouteKey = routeKey(route)', () => {
    const keys = Object.values(resourcesOf('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect([...keys].sort()).toEqual(routeList.map(routeKey).sort());
  });

  test('every route integrates its own function with payload format 2.0', () => {
    const integrations = resourcesOf('AWS::ApiGatewayV2::Integration');
    const targets = new Set<string>();
    for (const props of routesByKey().values()) {
      const integrationId = ((props.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1]).Ref;
      const integration = integrations[integrationId]!.Properties;
      expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      targets.add(JSON.stringify(integration.IntegrationUri));
    }
    expect(targets.size).toBe(routeList.length);
  });

  test('AuthorizationType is JWT with the Cognito authorizer on every non-public route', () => {
    const authorizerId = onlyLogicalId('AWS::ApiGatewayV2::Authorizer');
    const byKey = routesByKey();
    const protectedRoutes = routeList.filter((r) => r.access !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(0);
    for (const route of protectedRoutes) {
      expect(byKey.get(routeKey(route))).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
  });

  test('AuthorizationType is NONE on public routes, with no authorizer', () => {
    const byKey = routesByKey();
    const publicRoutes = routeList.filter((r) => r.access === 'public');
    expect(publicRoutes.length).toBeGreaterThan(0);
    for (const route of publicRoutes) {
      const props = byKey.get(routeKey(route));
      expect(props?.AuthorizationType).toBe('NONE');
      expect(props?.AuthorizerId).toBeUndefined();
    }
  });

  test('local-only routes (/local/...) are not deployed', () => {
    const localOnly = localRouteList;
    expect(localOnly.length).toBeGreaterThan(0);
    const keys = [...routesByKey().keys()];
    for (const route of localOnly) expect(keys).not.toContain(routeKey(route));
    expect(keys.filter((key) => key.split(' ')[1]!.startsWith('/local'))).toEqual([]);
    const descriptions = [...routeFunctions().keys()];
    for (const route of localOnly) expect(descriptions.some((d) => d.includes(route.operationId))).toBe(false);
  });

  test('the authorizer is a JWT authorizer whose issuer is the user pool and whose audience is its client', () => {
    const userPoolId = onlyLogicalId('AWS::Cognito::UserPool');
    const clientId = onlyLogicalId('AWS::Cognito::UserPoolClient');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: userPoolId }]] },
        Audience: [{ Ref: clientId }],
      },
    });
  });
});

describe('user pool', () => {
  test('there is a Cognito group for every role, and no other', () => {
    const userPoolId = onlyLogicalId('AWS::Cognito::UserPool');
    const groups = Object.values(resourcesOf('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties);
    expect(groups.map((g) => g.GroupName).sort()).toEqual([...ROLES].sort());
    for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: userPoolId });
  });

  test('self sign-up is off, MFA is optional with OTP, passwords are strong, the pool is retained', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: Match.anyValue(),
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
    const pool = Object.values(resourcesOf('AWS::Cognito::UserPool'))[0]!.Properties;
    const minLength = (pool.Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy.MinimumLength;
    expect(minLength).toBeGreaterThanOrEqual(12);
  });

  test('organisationId and municipalityIds are mutable string custom attributes', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'organisationId', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'municipalityIds', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
  });

  test('the client has no secret, SRP and refresh flows only, and no OAuth flows', () => {
    const client = Object.values(resourcesOf('AWS::Cognito::UserPoolClient'))[0]!.Properties;
    expect(client.GenerateSecret).toBe(false);
    expect([...(client.ExplicitAuthFlows as string[])].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(client.AllowedOAuthFlows).toBeUndefined();
  });

  test('the ID token can carry the custom claims, but users cannot write them themselves', () => {
    const client = Object.values(resourcesOf('AWS::Cognito::UserPoolClient'))[0]!.Properties;
    expect(client.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:organisationId', 'custom:municipalityIds']),
    );
    // An empty or absent WriteAttributes would mean "all writable": it must be a list without custom:*.
    const writable = client.WriteAttributes as string[];
    expect(writable.length).toBeGreaterThan(0);
    expect(writable.filter((a) => a.startsWith('custom:'))).toEqual([]);
  });
});

test('the stack outputs the API URL, user pool id, client id and table name', () => {
  const outputs = Object.keys(template.findOutputs('*'));
  expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName']));
});

describe('flag events', () => {
  const publisher = () => productFunctions().get('Table stream → FlagRaised / FlagEscalated on the event bus')!;

  test('there is an event bus, and the publisher is told its name and may put events on it', () => {
    const busId = onlyLogicalId('AWS::Events::EventBus');
    expect(publisher().Environment.Variables.EVENT_BUS_NAME).toEqual({ Ref: busId });
    expect(allowedActions(publisher())).toContain('events:PutEvents');
  });

  test('the publisher reads the table stream in order, with partial batch failures, bisection, retries and a DLQ', () => {
    const queueId = logicalIdMatching('AWS::SQS::Queue', /^EventsDeadLetters/);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    expect([...allowedActions(publisher())]).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']));
  });

  test('only event items wake the publisher: flags, referrals, emergency grants and reminders (an event filter on the entity name)', () => {
    const mapping = Object.values(resourcesOf('AWS::Lambda::EventSourceMapping'))[0]!.Properties;
    const patterns = (mapping.FilterCriteria as { Filters: Array<{ Pattern: string }> }).Filters.map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ dynamodb: { NewImage: { _et: { S: ['Flag', 'Referral', 'EmergencyGrant', 'VisitsDueReminder'] } } } }]);
  });

  test('every dead-letter queue is encrypted with the customer-managed key, refuses plain HTTP and alarms on its first message', () => {
    const keyId = onlyLogicalId('AWS::KMS::Key');
    const queues = Object.entries(resourcesOf('AWS::SQS::Queue'));
    expect(queues).toHaveLength(3);
    for (const [queueId, queue] of queues) {
      expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });

  test('flags go to one encrypted municipal topic and escalations to one supervisors’ topic, each message carrying the field subscriptions filter on', () => {
    const keyId = onlyLogicalId('AWS::KMS::Key');
    const topics = Object.fromEntries(Object.entries(resourcesOf('AWS::SNS::Topic')).filter(([id]) => /Flags/.test(id)));
    expect(Object.keys(topics)).toHaveLength(2);
    for (const topic of Object.values(topics)) expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const rules = Object.values(resourcesOf('AWS::Events::Rule')).map((r) => r.Properties);
    const routes = [
      { topic: /MunicipalFlags/, detailTypes: ['FlagRaised', 'FlagEscalated'], field: 'municipalityId' },
      { topic: /SupervisorFlags/, detailTypes: ['FlagEscalated'], field: 'organisationId' },
    ];
    for (const route of routes) {
      const topicId = logicalIdMatching('AWS::SNS::Topic', route.topic);
      const rule = rules.find((r) => JSON.stringify(r.Targets).includes(`"${topicId}"`))!;
      expect(rule.EventPattern).toEqual({ source: ['reintegration.flags'], 'detail-type': route.detailTypes });
      const [target] = rule.Targets as Array<{ InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string }; DeadLetterConfig: unknown }>;
      expect(target!.DeadLetterConfig).toBeDefined();
      expect(Object.values(target!.InputTransformer.InputPathsMap)).toContain(`$.detail.${route.field}`);
      expect(target!.InputTransformer.InputTemplate).toContain(`"${route.field}":`);
      // The message names the flag and where to look, never the child or who works on the case.
      expect(JSON.stringify(target)).not.toMatch(/childId|caseCode|givenName|caseWorkerId/);
    }
  });
});

describe('sweep', () => {
  const sweepFunction = () => productFunctions().get('Daily sweep: missed visits, lost contact, escalation')!;

  test('EventBridge Scheduler runs the sweep nightly in the programme time zone, with retries and a DLQ', () => {
    const queueId = logicalIdMatching('AWS::SQS::Queue', /^SweepDeadLetters/);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Belgrade',
      State: 'ENABLED',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      }),
    });
  });

  test('the sweep function may take 15 minutes and is told the escalation deadline', () => {
    expect(sweepFunction()).toMatchObject({ Timeout: 900 });
    expect(sweepFunction().Environment.Variables).toMatchObject({ ESCALATION_DAYS: '7', TABLE_NAME: expect.anything() });
  });

  test('an error of the sweep raises an alarm', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1 });
  });
});

describe('time to live', () => {
  test('DynamoDB deletes idempotency records after their expiresAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });
});

describe('outcome projection', () => {
  const projector = () => productFunctions().get('Table stream → outcome projection')!;

  test('the projector reads the table stream with partial batch failures, bisection, retries and its own DLQ', () => {
    const queueId = logicalIdMatching('AWS::SQS::Queue', /^OutcomesDeadLetters/);
    const mappings = Object.values(resourcesOf('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
    const mapping = mappings.find((m) => JSON.stringify(m.DestinationConfig).includes(queueId))!;
    expect(mapping).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const patterns = (mapping.FilterCriteria as { Filters: Array<{ Pattern: string }> }).Filters.map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ dynamodb: { NewImage: { _et: { S: ['Child', 'Checkpoint', 'Flag', 'Referral', 'Plan'] } } } }]);
  });

  test('the projector may read and write the table and is told its name', () => {
    const actions = allowedActions(projector());
    for (const a of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:GetRecords']) expect(actions).toContain(a);
    expect(projector().Environment.Variables.TABLE_NAME).toEqual({ Ref: onlyLogicalId('AWS::DynamoDB::Table') });
  });
});

describe('break-the-glass review', () => {
  test('every emergency access grant is routed to an encrypted review topic', () => {
    const keyId = onlyLogicalId('AWS::KMS::Key');
    const topicId = logicalIdMatching('AWS::SNS::Topic', /EmergencyAccessReviews/);
    expect(resourcesOf('AWS::SNS::Topic')[topicId]!.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const rule = Object.values(resourcesOf('AWS::Events::Rule'))
      .map((r) => r.Properties)
      .find((r) => JSON.stringify(r.EventPattern).includes('EmergencyAccessGranted'))!;
    expect(rule.EventPattern).toEqual({ source: ['reintegration.flags'], 'detail-type': ['EmergencyAccessGranted'] });
    expect(JSON.stringify(rule.Targets)).toContain(topicId);
  });
});

describe('export secret', () => {
  test('the export reads its pseudonym key from a retained, KMS-encrypted secret at run time, never from its environment as a value', () => {
    const keyId = onlyLogicalId('AWS::KMS::Key');
    const secretId = onlyLogicalId('AWS::SecretsManager::Secret');
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({ KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } }),
      DeletionPolicy: 'Retain',
    });
    const exporter = functionOf(routes.exportOutcomes);
    expect(exporter.Environment.Variables.EXPORT_PSEUDONYM_SECRET_ARN).toEqual({ Ref: secretId });
    expect(exporter.Environment.Variables.EXPORT_PSEUDONYM_SECRET).toBeUndefined();
    expect(allowedActions(exporter)).toContain('secretsmanager:GetSecretValue');
    for (const route of routeList.filter((r) => r !== routes.exportOutcomes)) {
      expect(allowedActions(functionOf(route))).not.toContain('secretsmanager:GetSecretValue');
    }
  });
});

describe('API stage', () => {
  test('the API is throttled and writes access logs (request id, route, status, caller; no bodies) with a retention', () => {
    const stage = Object.values(resourcesOf('AWS::ApiGatewayV2::Stage'))[0]!.Properties as {
      StageName: string;
      DefaultRouteSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string };
    };
    expect(stage.StageName).toBe('$default');
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', route: '$context.routeKey', status: '$context.status' });
    expect(JSON.stringify(format)).not.toMatch(/body|querystring/i);
    const logGroup = resourcesOf('AWS::Logs::LogGroup')[stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]]!;
    expect(logGroup.Properties.RetentionInDays).toEqual(expect.any(Number));
  });
});

describe('operations: metrics, alarms and the dashboard', () => {
  interface Widget {
    type: string;
    properties: { title?: string; metrics?: unknown[][]; alarms?: string[]; annotations?: { alarms?: string[] } };
  }

  /** The dashboard's widgets, with `Ref` and `Fn::GetAtt` written as `{Ref:Id}` and `{Id.Arn}` inside the JSON. */
  const dashboardWidgets = (): Widget[] => {
    const dashboards = Object.values(resourcesOf('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = dashboards[0]!.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
    const text = body['Fn::Join'][1]
      .map((part) => {
        if (typeof part === 'string') return part;
        const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
        if (token.Ref) return `{Ref:${token.Ref}}`;
        if (token['Fn::GetAtt']) return `{${token['Fn::GetAtt'].join('.')}}`;
        throw new Error(`unexpected token in the dashboard body: ${JSON.stringify(part)}`);
      })
      .join('');
    return (JSON.parse(text) as { widgets: Widget[] }).widgets;
  };

  /** Each graphed metric as namespace, name and dimensions. */
  const graphedMetrics = () =>
    dashboardWidgets().flatMap((widget) =>
      (widget.properties.metrics ?? []).map((line) => {
        const [namespace, name, ...rest] = line.filter((part) => typeof part === 'string') as string[];
        const dimensions: Record<string, string> = {};
        for (let i = 0; i + 1 < rest.length; i += 2) dimensions[rest[i]!] = rest[i + 1]!;
        return { namespace, name, dimensions };
      }),
    );

  const alarmIdMatching = (pattern: RegExp) => logicalIdMatching('AWS::CloudWatch::Alarm', pattern);

  test('the sweep’s dead-man’s switch alarms when SweepCompleted (namespace Reintegration, service dimension) sums below 1 in all of 26 one-hour periods, missing data breaching', () => {
    const alarm = resourcesOf('AWS::CloudWatch::Alarm')[alarmIdMatching(/^SweepDeadMansSwitch/)]!.Properties;
    expect(alarm).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.sweepCompleted,
      Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    // PutMetricAlarm: Period × EvaluationPeriods at most 7 days for periods of an hour or more, 1 day below an hour.
    const range = (alarm.Period as number) * (alarm.EvaluationPeriods as number);
    expect(range).toBe(26 * 3600);
    expect(alarm.Period as number).toBeGreaterThanOrEqual(3600);
    expect(range).toBeLessThanOrEqual(7 * 86_400);
  });

  test('every function is given POWERTOOLS_METRICS_NAMESPACE=Reintegration, the namespace the alarms and the dashboard read', () => {
    expect(productFunctions().size).toBe(routeList.length + 3);
    for (const fn of productFunctions().values()) {
      expect(fn.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    }
  });

  test('the dashboard graphs the sweep’s metrics (missed, raised, escalated, duration, completed), flags raised and escalated by type, and visits logged', () => {
    const product = graphedMetrics().filter((m) => m.namespace === METRICS_NAMESPACE);
    for (const m of product) expect(m.dimensions.service).toBe(METRICS_SERVICE);
    const names = new Set(product.map((m) => m.name));
    for (const name of [METRIC.checkpointsMissed, METRIC.sweepFlagsRaised, METRIC.sweepFlagsEscalated, METRIC.sweepDuration, METRIC.sweepCompleted, METRIC.visitsLogged]) {
      expect(names).toContain(name);
    }
    for (const name of [METRIC.flagsRaised, METRIC.flagsEscalated]) {
      const types = product.filter((m) => m.name === name).map((m) => m.dimensions[FLAG_TYPE_DIMENSION]);
      expect(types.sort()).toEqual([...FLAG_TYPES].sort());
    }
  });

  test('the dashboard shows every alarm: the sweep’s dead-man’s switch and errors, and the dead-letter queues of the sweep, flag events and outcomes', () => {
    const alarmIds = [
      alarmIdMatching(/^SweepDeadMansSwitch/),
      alarmIdMatching(/^SweepErrorsAlarm/),
      alarmIdMatching(/^SweepDeadLetters.*Alarm/),
      alarmIdMatching(/^EventsDeadLetters.*Alarm/),
      alarmIdMatching(/^OutcomesDeadLetters.*Alarm/),
    ];
    expect(alarmIds.sort()).toEqual(Object.keys(resourcesOf('AWS::CloudWatch::Alarm')).sort());
    const widgets = dashboardWidgets();
    const statusWidget = widgets.find((w) => w.type === 'alarm')!;
    const alarmWidgets = widgets.flatMap((w) => w.properties.annotations?.alarms ?? []);
    for (const id of alarmIds) {
      expect(statusWidget.properties.alarms).toContain(`{${id}.Arn}`);
      expect(alarmWidgets).toContain(`{${id}.Arn}`);
    }
  });

  test('the dashboard graphs the Lambda errors of every product function', () => {
    const functionIds = Object.keys(resourcesOf('AWS::Lambda::Function')).filter((id) => !isCdkHelperFunction(id));
    expect(functionIds).toHaveLength(routeList.length + 3);
    const errors = graphedMetrics().filter((m) => m.namespace === 'AWS/Lambda' && m.name === 'Errors');
    expect(errors.map((m) => m.dimensions.FunctionName).sort()).toEqual(functionIds.map((id) => `{Ref:${id}}`).sort());
  });
});
