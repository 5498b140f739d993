import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ReintegrationStack } from '../../infra/stack';

/**
 * cdk-nag's AwsSolutions pack over the whole stack: every finding is either fixed or suppressed next to the
 * resource with a reason (NagSuppressions.addResourceSuppressions), so none may be left as an error or a warning.
 */
let app: App;
let annotations: Annotations;

const AWS_SOLUTIONS = Match.stringLikeRegexp('AwsSolutions-.*');

/** One line per finding: the construct path and cdk-nag's message. */
const describe = (messages: SynthesisMessage[]): string =>
  messages.map((m) => `${m.id}\n  ${String(m.entry.data).split('\n')[0]}`).join('\n');

beforeAll(() => {
  // Skip esbuild, as in stack.test.ts: the rules read the template, not the bundles.
  app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'cdk.out-nag-test-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new ReintegrationStack(app, 'Reintegration', { municipalities: ['skopje', 'bitola'] });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  // Aspects run, and their annotations are recorded, when the app is synthesized.
  app.synth();
  annotations = Annotations.fromStack(stack);
});

afterAll(() => {
  if (app) rmSync(app.outdir, { recursive: true, force: true });
});

test('cdk-nag AwsSolutions reports no unsuppressed errors', () => {
  const errors = annotations.findError('*', AWS_SOLUTIONS);
  if (errors.length > 0) throw new Error(`${errors.length} AwsSolutions error(s):\n${describe(errors)}`);
});

test('cdk-nag AwsSolutions reports no unsuppressed warnings', () => {
  const warnings = annotations.findWarning('*', AWS_SOLUTIONS);
  if (warnings.length > 0) throw new Error(`${warnings.length} AwsSolutions warning(s):\n${describe(warnings)}`);
});
