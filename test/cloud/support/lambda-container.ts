import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RecordedSdkCall } from '../iam/calls';

/** A function of the template as Lambda would run it: its bundle, its handler, its resolved environment. */
export interface DeployedFunction {
  logicalId: string;
  /** Physical name, as CloudFormation would generate it. */
  name: string;
  arn: string;
  description: string;
  /** The bundle's folder in cdk.out (`Metadata["aws:asset:path"]`). */
  assetDir: string;
  handler: string;
  timeoutMs: number;
  memoryMb: number;
  /** `Environment.Variables`, with every intrinsic resolved as CloudFormation would. */
  environment: Record<string, string>;
}

export interface Invocation<T = unknown> {
  result?: T;
  error?: { name: string; message: string; stack?: string };
  /** `init` when the bundle failed to load: the start-up crash this tier exists to catch. */
  phase?: 'init' | 'invoke';
}

const RUNTIME = path.join(__dirname, 'runtime');
/** Where the SDK the Lambda runtime provides comes from: the project's lock file (TOOLCHAIN.md). */
const RUNTIME_SDK = path.resolve(__dirname, '../../../node_modules');

type Message =
  | { type: 'ready'; initError?: Invocation['error'] }
  | { type: 'aws-call'; call: RecordedSdkCall }
  | ({ type: 'result'; id: number } & Invocation);

/**
 * One warm Lambda container: a bare `node` child process with only the template's environment, what the Lambda
 * service adds (region, function name, task root, credentials) and the stand-ins' endpoints. It records every AWS
 * call the function's SDK makes and every line it logs.
 */
export class LambdaContainer {
  readonly calls: RecordedSdkCall[] = [];
  readonly logLines: string[] = [];
  initError: Invocation['error'];
  invocations = 0;
  /** Invocations that threw, timed out, or answered an HTTP 5xx. */
  failures = 0;
  private readonly pending = new Map<number, (invocation: Invocation) => void>();
  private nextId = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly fn: DeployedFunction,
    private readonly child: ChildProcess,
  ) {}

  static async start(fn: DeployedFunction, service: Record<string, string>): Promise<LambdaContainer> {
    const env: Record<string, string> = {
      // What Lambda sets in every function's environment.
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      LAMBDA_TASK_ROOT: fn.assetDir,
      _HANDLER: fn.handler,
      NODE_PATH: RUNTIME_SDK,
      ...service,
      ...fn.environment,
    };
    const child = fork(path.join(RUNTIME, 'bootstrap.cjs'), [], {
      cwd: fn.assetDir,
      env,
      execArgv: ['--require', path.join(RUNTIME, 'recorder.cjs')],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const container = new LambdaContainer(fn, child);
    const collect = (chunk: Buffer) => container.logLines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${fn.description} exited with ${code} before it was ready:\n${container.logLines.join('\n')}`)));
      child.on('message', (message: Message) => {
        if (message.type === 'ready') {
          container.initError = message.initError;
          resolve();
        } else if (message.type === 'aws-call') {
          container.calls.push(message.call);
        } else if (message.type === 'result') {
          container.pending.get(message.id)?.(message);
          container.pending.delete(message.id);
        }
      });
    });
    await ready;
    return container;
  }

  /** Runs one invocation after the previous one settled, as one container does; an invocation past the function's timeout fails. */
  invoke<T = unknown>(event: unknown): Promise<Invocation<T>> {
    const run = () =>
      new Promise<Invocation<T>>((resolve) => {
        const id = this.nextId++;
        const timer = setTimeout(() => {
          this.pending.delete(id);
          resolve({ error: { name: 'TimeoutError', message: `${this.fn.description} timed out after ${this.fn.timeoutMs} ms` }, phase: 'invoke' });
        }, this.fn.timeoutMs);
        this.pending.set(id, (invocation) => {
          clearTimeout(timer);
          resolve(invocation as Invocation<T>);
        });
        this.child.send({ type: 'invoke', id, event, timeoutMs: this.fn.timeoutMs, functionArn: this.fn.arn });
      });
    const result = this.queue.then(run).then((invocation) => {
      this.invocations++;
      const status = (invocation.result as { statusCode?: number } | undefined)?.statusCode;
      if (invocation.error || (status !== undefined && status >= 500)) this.failures++;
      return invocation;
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The embedded-metric-format documents the function logged (Powertools Metrics). */
  metrics(): Array<Record<string, unknown>> {
    return this.logLines.flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        return '_aws' in parsed ? [parsed] : [];
      } catch {
        return [];
      }
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }
}
