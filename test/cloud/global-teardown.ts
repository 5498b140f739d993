import { rmSync } from 'node:fs';
import path from 'node:path';

export default function globalTeardown(): void {
  const outdir = process.env.CLOUD_ASSEMBLY_DIR;
  if (outdir) rmSync(path.dirname(outdir), { recursive: true, force: true });
}
