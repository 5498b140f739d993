import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export class JavaMissing extends Error {}

const MIN_JAVA = 17;

/** DynamoDB Local ships as a jar inside the npm package amplify-dynamodb-simulator. */
function emulatorDir(): string {
  const require = createRequire(__filename);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** $JAVA_HOME/bin/java when JAVA_HOME is set, as Java tools do; otherwise `java` on PATH. */
function defaultJava(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function checkJava(java: string): void {
  const run = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const help = `install a Java ${MIN_JAVA}+ runtime (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and try again.`;
  if (run.error) throw new JavaMissing(`DynamoDB Local needs Java, which was not found (${java}): ${help}`);
  const major = Number(/version "(\d+)/.exec(run.stderr)?.[1] ?? 0);
  if (major < MIN_JAVA) throw new JavaMissing(`DynamoDB Local needs Java ${MIN_JAVA}+, found ${major || 'an unknown version'}: ${help}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilServing(endpoint: string, process: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (process.exitCode !== null) throw new Error(`DynamoDB Local exited (${process.exitCode}): ${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start within 30 s: ${output()}`, { cause: error });
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * The JVM's settings: the C1 compiler only, and the serial collector. C2's optimisations pay back their compile time
 * only after many minutes of load, and until then its compiler thread takes a core of the two the machine has.
 * Measured on the two-core machine (docs/decisions.md, issue 19): 300 enrolments and reads cost the JVM 10–11 s of CPU
 * instead of 20–21 s. Under `npm start`, C2's compiler took 2.4 ms of CPU per read of a child at first and still
 * 0.7 ms after 27,000 reads; the read's p50 against its floor was 1.51–1.53× instead of 1.69–1.72× on a fresh runtime,
 * and 1.40× instead of 1.48× after 25,000 reads.
 */
const JVM_SETTINGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * Starts DynamoDB Local on a free port: in memory for tests, or on disk under `dbPath` so a restart of the
 * local runtime keeps every record. The java process is killed when this process exits, however it exits short of
 * SIGKILL.
 */
export async function startDynamoDbLocal(options: ({ dbPath: string } | { inMemory: true }) & { java?: string }): Promise<DynamoDbLocal> {
  const javaCommand = options.java ?? defaultJava();
  checkJava(javaCommand);
  const dir = emulatorDir();
  const port = await freePort();
  const storage = 'inMemory' in options ? ['-inMemory'] : ['-dbPath', options.dbPath];
  const java = spawn(
    javaCommand,
    [
      ...JVM_SETTINGS,
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(dir, 'DynamoDBLocal.jar'),
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
      ...storage,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  java.stdout?.on('data', collect);
  java.stderr?.on('data', collect);
  const killOnExit = () => java.kill('SIGKILL');
  process.on('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, java, () => output);
  } catch (error) {
    java.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (java.exitCode !== null || java.signalCode !== null) return resolve();
        const force = setTimeout(() => java.kill('SIGKILL'), 5_000);
        java.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        java.kill('SIGTERM');
      }),
  };
}
