/**
 * `npm test`: ESLint and the type check run beside jest instead of before it. jest's first half-minute is its global
 * set-up (DynamoDB Local starting, then `cdk synth` bundling every function for the cloud tier), which keeps about one
 * core of two busy; the two checks fill the other. Each check reports as soon as it ends (its whole output when it
 * fails), jest runs to its end either way, and the run fails when any of the three fails.
 *
 * Arguments go to jest (`npm test -- --selectProjects unit`).
 */
import { spawn } from 'node:child_process';

interface Outcome {
  name: string;
  ok: boolean;
}

/** A check whose output is kept and printed once it ends: whole when it fails, one line when it passes. */
function check(name: string, command: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const started = Date.now();
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) process.stdout.write(`\n${name}: passed (${seconds} s)\n`);
      else process.stdout.write(`\n${name}: FAILED (${seconds} s)\n${Buffer.concat(output).toString()}\n`);
      resolve({ name, ok: code === 0 });
    });
  });
}

function jest(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['jest', ...args], { stdio: 'inherit' });
    child.on('close', (code) => resolve({ name: 'jest', ok: code === 0 }));
  });
}

async function main(): Promise<void> {
  const outcomes = await Promise.all([
    check('lint (eslint .)', 'npx', ['eslint', '.']),
    check('typecheck (tsc --noEmit)', 'npx', ['tsc', '--noEmit']),
    jest(process.argv.slice(2)),
  ]);
  const failed = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.name);
  if (failed.length > 0) {
    process.stdout.write(`\nnpm test failed: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

void main();
