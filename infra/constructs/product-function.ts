import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
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
 * Every function of the product is built the same way: arm64, Node.js 22, bundled by the local esbuild (no
 * Docker), minified with source maps, the AWS SDK bundled at the version of package-lock.json, and its own
 * log group with a retention.
 */
export class ProductFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ProductFunctionProps) {
    const assets = props.assets ?? [];
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
      logGroup: new LogGroup(scope, `${id}Logs`, { retention: props.logRetention ?? RetentionDays.THREE_MONTHS }),
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        ...(assets.length > 0 ? { ASSETS_DIR: LAMBDA_TASK_ROOT } : {}),
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        format: OutputFormat.CJS,
        externalModules: [],
        forceDockerBundling: false,
        ...(assets.length > 0 ? { commandHooks: copyAssets(assets) } : {}),
      },
    });
  }
}
