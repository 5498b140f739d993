import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { REPO_ROOT } from '../paths';

export interface ProductFunctionProps {
  /** Module exporting `handler`, relative to the repository root. */
  entry: string;
  description: string;
  environment: Record<string, string>;
  /** Files copied next to the bundle, relative to the repository root; the function finds them in /var/task. */
  assets?: readonly string[];
  timeout?: Duration;
  logRetention?: RetentionDays;
}

/** Where Lambda unpacks the bundle, and so the function's `assets`. */
export const LAMBDA_TASK_ROOT = '/var/task';

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
} as const;

/**
 * Every function of the product is built the same way: arm64, Node.js 22, bundled by the local esbuild (no
 * Docker), minified with source maps (LAMBDA_BUNDLING), and its own
 * log group with a retention. Its execution role starts empty (no AWS managed policy): it may write to its own
 * log group and nothing else until a construct grants it more.
 */
export class ProductFunction extends NodejsFunction {
  /** The execution role; grants and their cdk-nag suppressions go here. */
  readonly executionRole: Role;

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
        NODE_OPTIONS: '--enable-source-maps',
        ...(assets.length > 0 ? { ASSETS_DIR: LAMBDA_TASK_ROOT } : {}),
      },
      bundling: {
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: true,
        sourcesContent: false,
        target: LAMBDA_BUNDLING.target,
        format: OutputFormat.CJS,
        externalModules: [...LAMBDA_BUNDLING.externalModules],
        forceDockerBundling: false,
        ...(assets.length > 0 ? { commandHooks: copyAssets(assets) } : {}),
      },
    });
    this.executionRole = executionRole;
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
}
