import type { BuildOptions } from 'esbuild';
import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { FunctionKind } from '../../lib/deps/kinds';
import type { AuthConfig, ProgrammeVariable } from '../../lib/config';
import { METRICS_NAMESPACE } from '../../lib/metric-names';
import { suppressTableIndexWildcard } from '../nag';
import { REPO_ROOT } from '../paths';
import { denyAuditChanges, grantAuditWrites } from './audit-policy';

export interface ProductFunctionProps {
  /** Module exporting `handler`, relative to the repository root. */
  entry: string;
  /** Which dependencies its handler builds (lib/deps/kinds.ts DEPS_OF_KIND); the bind methods give it what they read. */
  kind: FunctionKind;
  description: string;
  /** Variables every function gets: log level and service name. */
  environment: Record<string, string>;
  /** Files copied next to the bundle, relative to the repository root; the function finds them in LAMBDA_TASK_ROOT. */
  assets?: readonly string[];
  timeout?: Duration;
  logRetention?: RetentionDays;
}

/**
 * What lib/data does with the table: reads by key and query (indexes only by query), writes by conditional put and
 * delete inside transactions. A new kind of call is added here, with its reason (the cloud tier's IAM simulation
 * denies it until then).
 */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  queryIndexes: ['dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
} as const;

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Copies assets into the bundle's output directory once esbuild is done. */
function copyAssets(assets: readonly string[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) =>
      assets.map((asset) => `cp ${shellQuote(path.join(inputDir, asset))} ${shellQuote(outputDir)}`),
  };
}

/**
 * How esbuild bundles every function (and `npm run bench` measures them). The AWS SDK v3 is left to the one
 * the Node.js 22 runtime provides, as NodejsFunction does by default: bundled, it weighs 550 KB minified and
 * loads slower than the runtime's copy (bench/results.md), while everything else is tree-shaken into the
 * bundle. The lock file's SDK version is what the tests run against; the runtime's is kept patched by AWS.
 */
export const LAMBDA_BUNDLING = {
  minify: true,
  target: 'node22',
  externalModules: ['@aws-sdk/*'],
  /**
   * `await import()` of a client only some functions use (Cognito, EventBridge) becomes a `require` on first use:
   * loaded when needed, from the same CommonJS module graph as the rest of the SDK (issue 19).
   */
  supported: { 'dynamic-import': false },
  /** zod with a `z` the bundle can shake (infra/bundling/zod/index.ts): without it every locale came along. */
  alias: { zod: path.join(REPO_ROOT, 'infra', 'bundling', 'zod') },
} as const;

/** LAMBDA_BUNDLING in esbuild's own terms: what the bench and the bundle tests build with, as the stack builds. */
export const ESBUILD_AS_DEPLOYED = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: LAMBDA_BUNDLING.target,
  minify: LAMBDA_BUNDLING.minify,
  external: [...LAMBDA_BUNDLING.externalModules],
  supported: LAMBDA_BUNDLING.supported,
  alias: LAMBDA_BUNDLING.alias,
  logLevel: 'error',
} satisfies BuildOptions;

/**
 * Every function of the product is built the same way: arm64, Node.js 22, bundled by the local esbuild (no
 * Docker), minified (LAMBDA_BUNDLING) with a source map beside the bundle that the runtime does not load, and its own
 * log group with a retention. Its execution role starts empty (no AWS managed policy): it may write to its own
 * log group and nothing else until a construct grants it more.
 */
export class ProductFunction extends NodejsFunction {
  /** The execution role; grants and their cdk-nag suppressions go here. */
  readonly executionRole: Role;
  readonly kind: FunctionKind;

  constructor(scope: Construct, id: string, props: ProductFunctionProps) {
    const assets = props.assets ?? [];
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention ?? RetentionDays.THREE_MONTHS });
    // Instead of AWSLambdaBasicExecutionRole, which allows logs:CreateLogGroup, CreateLogStream and PutLogEvents
    // on every log group of the account (cdk-nag AwsSolutions-IAM4).
    const executionRole = new Role(scope, `${id}ServiceRole`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    super(scope, id, {
      description: props.description,
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: executionRole,
      logGroup,
      environment: {
        ...props.environment,
        // Where Powertools Metrics puts the product's metrics (lib/metrics.ts); without it they stay quiet.
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
      bundling: {
        minify: LAMBDA_BUNDLING.minify,
        // The map is written next to the bundle for resolving a logged stack trace offline, and never loaded:
        // `--enable-source-maps` added ~20 ms to every cold start (issue 19, bench/results.md).
        sourceMap: true,
        sourcesContent: false,
        target: LAMBDA_BUNDLING.target,
        format: OutputFormat.CJS,
        externalModules: [...LAMBDA_BUNDLING.externalModules],
        esbuildArgs: {
          '--supported:dynamic-import': String(LAMBDA_BUNDLING.supported['dynamic-import']),
          '--alias:zod': LAMBDA_BUNDLING.alias.zod,
        },
        forceDockerBundling: false,
        ...(assets.length > 0 ? { commandHooks: copyAssets(assets) } : {}),
      },
    });
    this.executionRole = executionRole;
    this.kind = props.kind;
    // logs:CreateLogStream and logs:PutLogEvents on this function's log group only.
    logGroup.grantWrite(executionRole);

    NagSuppressions.addResourceSuppressions(this, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is the runtime the design requires, and the bundle is built for it (esbuild target node22). ' +
          'nodejs22.x is a supported, non-deprecated Lambda runtime; moving to a newer one is a deliberate upgrade ' +
          'of every function and its bundle target together, not something to follow automatically.',
      },
    ]);
  }

  /*
   * Each bind gives the function one thing, and in the same call the variables its code reads to find it and the
   * permissions to use it (as Powertools' example app does with `bindTable`): neither can reach a function alone.
   */

  /**
   * The records table: TABLE_NAME, and the actions the data layer performs (TABLE_ACTIONS), not CDK's broader
   * read/write grants: no Scan, no UpdateItem, no DescribeTable. `writes: 'audit'` adds putting audit records and
   * nothing else (a reading route); `'all'` the record writes. No function may change or delete an audit record,
   * whatever else it may do. The customer-managed key: Decrypt to read, GenerateDataKey to write (DynamoDB's use of
   * a table key, docs/decisions.md).
   */
  bindTable(table: ITable, writes: 'audit' | 'all'): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    this.addToRolePolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS.read], resources: [table.tableArn] }));
    this.addToRolePolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS.queryIndexes], resources: [`${table.tableArn}/index/*`] }));
    table.encryptionKey?.grant(this, 'kms:Decrypt');
    if (writes === 'all') {
      this.addToRolePolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS.write], resources: [table.tableArn] }));
      table.encryptionKey?.grant(this, 'kms:GenerateDataKey');
    } else {
      grantAuditWrites(this, table);
    }
    denyAuditChanges(this, table);
    // The indexes' wildcard: `<table ARN>/index/*` for Query.
    suppressTableIndexWildcard(this.executionRole, table);
    return this;
  }

  /** The programme's rules (time zone, grace, escalation, thresholds): no permission, only variables. */
  bindProgramme(settings: Readonly<Record<ProgrammeVariable, string>>): this {
    for (const [name, value] of Object.entries(settings)) this.addEnvironment(name, value);
    return this;
  }

  /** Who issues the bearer tokens the function verifies, and where their signing keys are published. */
  bindTokenIssuer(auth: AuthConfig): this {
    this.addEnvironment('AUTH_ISSUER', auth.issuer);
    this.addEnvironment('AUTH_AUDIENCE', auth.audience);
    this.addEnvironment('AUTH_JWKS_URL', `${auth.issuer}/.well-known/jwks.json`);
    return this;
  }

  /** The bus flag events are put on. */
  bindEventBus(bus: IEventBus): this {
    this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(this);
    return this;
  }

  /** Who staff are: the user pool's users and groups, read one user at a time (lib/auth/cognito-directory.ts). */
  bindDirectory(userPool: IUserPool): this {
    this.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'], resources: [userPool.userPoolArn] }),
    );
    return this;
  }

  /**
   * The key of the export's pseudonyms, read at run time so it is never in the environment: GetSecretValue only
   * (not `grantRead`'s DescribeSecret). The secret's key is the table's, which the function may already decrypt with.
   */
  bindExportSecret(secret: ISecret): this {
    this.addEnvironment('EXPORT_PSEUDONYM_SECRET_ARN', secret.secretArn);
    this.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    return this;
  }
}
