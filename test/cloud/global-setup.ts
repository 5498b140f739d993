import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `cdk synth` exactly as a deployment runs it (the CLI, infra/app.ts, esbuild bundles, cdk-nag), into a cloud
 * assembly of this run's own. The cloud tier then runs each function from its bundle there.
 */
export default function globalSetup(): void {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'cloud-tier-')), 'cdk.out');
  const root = path.resolve(__dirname, '../..');
  // No AWS credentials: synth must need no account and no network (TOOLCHAIN.md: with credentials it calls STS).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(name)));
  execFileSync(path.join(root, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', outdir], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  process.env.CLOUD_ASSEMBLY_DIR = outdir;
}
