import { rmSync } from 'node:fs';
import path from 'node:path';

/** Removes the cloud assembly test/support/synth-setup.ts made. */
export default function synthTeardown(): void {
  const outdir = process.env.CLOUD_ASSEMBLY_DIR;
  if (outdir) rmSync(path.dirname(outdir), { recursive: true, force: true });
}
