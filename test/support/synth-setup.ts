import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `cdk synth` exactly as a deployment runs it (the CLI, infra/app.ts, esbuild bundles, cdk-nag), into a cloud
 * assembly of this run's own, once for the infra and cloud projects together (jest runs a global setup module once
 * however many projects name it). The infra tests read its template and annotations; the cloud tier runs each
 * function from its bundle there.
 *
 * `--ignore-errors`: an error annotation (an unsuppressed cdk-nag finding of error level) makes `cdk synth`, and so
 * a deployment, fail; here the assembly is kept so that test/infra/nag.test.ts reports the findings, and the other
 * tests still run. The assembly is the same either way: only the exit status differs.
 */
export default function synthSetup(): void {
  const tempDir = mkdtempSync(path.join(tmpdir(), 'cdk-synth-'));
  const outdir = path.join(tempDir, 'cdk.out');
  const root = path.resolve(__dirname, '../..');
  // No AWS credentials: synth must need no account and no network (TOOLCHAIN.md: with credentials it calls STS).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(name)));
  try {
    execFileSync(path.join(root, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--ignore-errors', '--output', outdir], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    // jest runs no global teardown after a failed global setup.
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  process.env.CLOUD_ASSEMBLY_DIR = outdir;
}
