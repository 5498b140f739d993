import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { claimsFor, type Principal } from '../../../lib/auth/principal';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb-local';
import { startStreamPoller, type StreamPoller } from '../../../local/stream-poller';
import type { RecordedSdkCall } from '../iam/calls';
import { arnOf, resolveString } from '../iam/intrinsics';
import { logicalIdsOfType } from '../iam/template';
import { AwsError, AwsJsonStandIn } from './aws-json-stand-in';
import { TARGET, type CloudAssembly } from './cloud-assembly';
import { matchesPattern } from './event-pattern';
import { LambdaContainer, type Invocation } from './lambda-container';
import { TokenIssuerStandIn } from './token-issuer-stand-in';

export interface RouteRequest {
  principal?: Principal;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RouteAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json: unknown;
}

/** The reads Lambda's event source mapping makes with a stream consumer's role (its execution role). */
const eventSourceReads = (streamArn: string): RecordedSdkCall[] =>
  [
    { command: 'ListStreamsCommand', input: {} },
    { command: 'DescribeStreamCommand', input: { StreamArn: streamArn } },
    { command: 'GetShardIteratorCommand', input: { StreamArn: streamArn, ShardId: 'shardId-1', ShardIteratorType: 'TRIM_HORIZON' } },
    // A shard iterator starts with its stream's ARN.
    { command: 'GetRecordsCommand', input: { ShardIterator: `${streamArn}|1|AAAA` } },
  ].map((call) => ({ service: 'DynamoDBStreamsClient', ...call }));

/**
 * The synthesized stack running on this machine: every function of the template in its own warm container, on
 * stand-ins for the services it calls. DynamoDB Local holds the table the template declares; a JWKS stand-in
 * signs Cognito-shaped ID tokens; EventBridge and Secrets Manager stand-ins record what they receive; the stream
 * consumers are fed from DynamoDB Local's own stream as the event source mapping would feed them.
 */
export class DeployedStack {
  readonly containers = new Map<string, LambdaContainer>();
  /** Per stream consumer: the event source mapping's reads made with its role. */
  readonly eventSourceCalls = new Map<string, RecordedSdkCall[]>();
  private pollers: StreamPoller[] = [];

  private constructor(
    readonly assembly: CloudAssembly,
    readonly database: DynamoDbLocal,
    readonly issuer: TokenIssuerStandIn,
    readonly eventBridge: AwsJsonStandIn,
    readonly secretsManager: AwsJsonStandIn,
    readonly cognito: AwsJsonStandIn,
    /** What the Secrets Manager stand-in holds for every secret of the template. */
    readonly exportSecretValue: string,
  ) {}

  static async start(assembly: CloudAssembly): Promise<DeployedStack> {
    const { template } = assembly;
    const anyRoute = [...assembly.routes.values()].find((fn) => fn.environment.AUTH_ISSUER);
    if (!anyRoute) throw new Error('no route function verifies tokens');
    const secretArns = logicalIdsOfType(template, 'AWS::SecretsManager::Secret').map((id) => arnOf(id, template, TARGET));
    const exportSecretValue = randomBytes(36).toString('base64url');
    const issuerRef: { current?: TokenIssuerStandIn } = {};

    const [database, issuer, eventBridge, secretsManager, cognito] = await Promise.all([
      startDynamoDbLocal({ inMemory: true }),
      TokenIssuerStandIn.start(anyRoute.environment.AUTH_ISSUER!, anyRoute.environment.AUTH_AUDIENCE!),
      AwsJsonStandIn.start({
        PutEvents: (input) => ({
          FailedEntryCount: 0,
          Entries: (input.Entries as unknown[]).map(() => ({ EventId: randomUUID() })),
        }),
      }),
      AwsJsonStandIn.start({
        GetSecretValue: (input) => {
          const arn = secretArns.find((candidate) => candidate === input.SecretId);
          if (!arn) throw new Error(`Secrets Manager can't find the specified secret ${String(input.SecretId)}`);
          return { ARN: arn, Name: arn.split(':').pop(), SecretString: exportSecretValue, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 0 };
        },
      }),
      // The user pool's admin reads, answered from the users the token stand-in issued tokens for.
      AwsJsonStandIn.start({
        AdminGetUser: (input) => {
          const user = issuerRef.current?.users.get(String(input.Username));
          if (!user) throw new AwsError('UserNotFoundException', 'User does not exist.');
          const organisation = 'organisationId' in user ? [{ Name: 'custom:organisationId', Value: user.organisationId }] : [];
          return { Username: user.sub, Enabled: true, UserStatus: 'CONFIRMED', UserAttributes: [{ Name: 'sub', Value: user.sub }, ...organisation] };
        },
        AdminListGroupsForUser: (input) => {
          const user = issuerRef.current?.users.get(String(input.Username));
          if (!user) throw new AwsError('UserNotFoundException', 'User does not exist.');
          return { Groups: [{ GroupName: user.role, UserPoolId: input.UserPoolId }] };
        },
      }),
    ]);
    issuerRef.current = issuer;
    const stack = new DeployedStack(assembly, database, issuer, eventBridge, secretsManager, cognito, exportSecretValue);
    await stack.createTable();

    // What the Lambda service and this machine add to each function's own environment: the stand-ins' endpoints
    // (the SDK's standard service-specific variables), throwaway credentials, the region.
    const service = {
      AWS_REGION: TARGET.region,
      AWS_DEFAULT_REGION: TARGET.region,
      AWS_ACCESS_KEY_ID: 'ASIACLOUDTIER',
      AWS_SECRET_ACCESS_KEY: 'cloud-tier',
      AWS_SESSION_TOKEN: 'cloud-tier',
      AWS_ENDPOINT_URL_DYNAMODB: database.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
      // Node 20 here, Node 22 in Lambda: the SDK's notice about Node 20 is this machine's, not the product's.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const containers = await Promise.all(
      assembly.functions.map((fn) =>
        LambdaContainer.start(
          // The one variable rewritten: Cognito's JWKS host is replaced by the stand-in's, as the SDK endpoints are.
          fn.environment.AUTH_JWKS_URL ? { ...fn, environment: { ...fn.environment, AUTH_JWKS_URL: issuer.jwksUrl } } : fn,
          service,
        ),
      ),
    );
    for (const container of containers) stack.containers.set(container.fn.logicalId, container);
    await stack.startEventSources();
    return stack;
  }

  private async createTable(): Promise<void> {
    const { name, properties } = this.assembly.table;
    const client = this.dynamoClient();
    const stream = properties.StreamSpecification as { StreamViewType: string } | undefined;
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: properties.AttributeDefinitions,
        KeySchema: properties.KeySchema,
        GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
        LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
        BillingMode: properties.BillingMode,
        ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType } } : {}),
      } as CreateTableCommandInput),
    );
    client.destroy();
  }

  dynamoClient(): DynamoDBClient {
    return new DynamoDBClient({
      region: TARGET.region,
      endpoint: this.database.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  /** One poller per event source mapping, reading DynamoDB Local's stream; batches go through the mapping's filters. */
  private async startEventSources(): Promise<void> {
    const client = this.dynamoClient();
    this.pollers = await Promise.all(
      this.assembly.streams.map((subscription) => {
        const container = this.containers.get(subscription.fn.logicalId)!;
        const streamArn = resolveString({ 'Fn::GetAtt': [this.assembly.table.logicalId, 'StreamArn'] }, this.assembly.template, TARGET);
        return startStreamPoller({
          client,
          endpoint: this.database.endpoint,
          tableName: this.assembly.table.name,
          name: subscription.fn.description,
          batchSize: subscription.batchSize,
          timeoutMs: subscription.fn.timeoutMs,
          intervalMs: 60_000,
          consumer: async (event: DynamoDBStreamEvent) => {
            this.eventSourceCalls.set(subscription.fn.logicalId, eventSourceReads(streamArn));
            const records = event.Records.filter((record) => subscription.filters.some((pattern) => matchesPattern(pattern, record)));
            if (records.length === 0) return { batchItemFailures: [] };
            const invocation = await container.invoke<DynamoDBBatchResponse>({ Records: records });
            if (invocation.error) throw new Error(`${subscription.fn.description}: ${invocation.error.message}`);
            return invocation.result ?? { batchItemFailures: [] };
          },
        });
      }),
    );
  }

  /** Hands every record written so far to every stream consumer. */
  async drainStreams(): Promise<void> {
    for (const poller of this.pollers) await poller.drain();
  }

  /** Records that failed every attempt, per consumer (what the mapping's on-failure queue would hold). */
  parkedRecords(): number {
    return this.pollers.reduce((sum, poller) => sum + poller.parked().length, 0);
  }

  containerOf(description: string): LambdaContainer {
    const container = [...this.containers.values()].find((c) => c.fn.description === description);
    if (!container) throw new Error(`no function described ${description}`);
    return container;
  }

  /** Calls a route as API Gateway's HTTP API would: payload 2.0, the JWT authorizer's claims, the bearer token. */
  async invokeRoute(key: string, request: RouteRequest = {}): Promise<RouteAnswer> {
    const fn = this.assembly.routes.get(key);
    if (!fn) throw new Error(`no route ${key} in the template`);
    const [method, pathTemplate] = key.split(' ') as [string, string];
    const rawPath = pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.pathParameters?.[name] ?? ''));
    const token = request.principal && (await this.issuer.idToken(request.principal));
    const headers: Record<string, string> = {
      host: 'api.example.org',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    };
    const now = new Date();
    const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
      version: '2.0',
      routeKey: key,
      rawPath,
      rawQueryString: new URLSearchParams(request.query ?? {}).toString(),
      headers,
      ...(request.query ? { queryStringParameters: request.query } : {}),
      ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
      requestContext: {
        accountId: TARGET.accountId,
        apiId: 'cloudtier',
        domainName: 'api.example.org',
        domainPrefix: 'api',
        http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'cloud-tier' },
        requestId: randomUUID(),
        routeKey: key,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(request.principal
          ? { authorizer: { jwt: { claims: { ...claimsFor(request.principal), iss: this.issuer.issuer, aud: this.issuer.audience }, scopes: null } } }
          : {}),
      },
      ...(request.body !== undefined ? { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) } : {}),
      isBase64Encoded: false,
    };
    const invocation = await this.containers.get(fn.logicalId)!.invoke<APIGatewayProxyStructuredResultV2>(event);
    if (invocation.error) throw new Error(`${key} failed (${invocation.phase}): ${invocation.error.message}\n${invocation.error.stack ?? ''}`);
    const result = invocation.result!;
    const body = result.body ?? '';
    let json: unknown;
    try {
      json = body ? (JSON.parse(body) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    return { statusCode: result.statusCode ?? 200, headers: (result.headers ?? {}) as Record<string, string>, body, json };
  }

  /** Invokes every scheduled function as EventBridge Scheduler would. */
  runSchedules(): Promise<Array<Invocation & { description: string }>> {
    return Promise.all(
      this.assembly.schedules.map(async ({ fn, input }) => ({
        description: fn.description,
        ...(await this.containers.get(fn.logicalId)!.invoke(input)),
      })),
    );
  }

  /** Every AWS call a function made, with those its event source mapping made with its role. */
  callsOf(logicalId: string): RecordedSdkCall[] {
    return [...(this.containers.get(logicalId)?.calls ?? []), ...(this.eventSourceCalls.get(logicalId) ?? [])];
  }

  async stop(): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.stop()));
    await Promise.all([...this.containers.values()].map((container) => container.stop()));
    await Promise.all([this.issuer.stop(), this.eventBridge.stop(), this.secretsManager.stop(), this.cognito.stop()]);
    await this.database.stop();
  }
}
