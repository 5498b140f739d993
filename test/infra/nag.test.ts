import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Aspects, CfnResource } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ReintegrationStack } from '../../infra/stack';

/**
 * cdk-nag's AwsSolutions rules over the whole stack. Every finding is either fixed or suppressed next to its
 * resource with a reason (NagSuppressions.addResourceSuppressions), so none may be left as an error or warning.
 */
let app: App;
let stack: ReintegrationStack;
let annotations: Annotations;

const AWS_SOLUTIONS = Match.stringLikeRegexp('AwsSolutions-.*');

/** One paragraph per finding: the construct path, then cdk-nag's message (rule, finding, why it matters). */
const report = (messages: SynthesisMessage[]): string => messages.map((m) => `${m.id}\n  ${String(m.entry.data)}`).join('\n\n');

beforeAll(() => {
  // Skip esbuild, as in stack.test.ts: the rules read the template, not the bundles.
  app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'cdk.out-nag-test-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  stack = new ReintegrationStack(app, 'Reintegration');
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  // The checks run, and record their findings as annotations, when the app is synthesized.
  app.synth();
  annotations = Annotations.fromStack(stack);
});

afterAll(() => {
  if (app) rmSync(app.outdir, { recursive: true, force: true });
});

test('cdk-nag AwsSolutions reports no unsuppressed errors', () => {
  const errors = annotations.findError('*', AWS_SOLUTIONS);
  if (errors.length > 0) throw new Error(`${errors.length} AwsSolutions error(s):\n\n${report(errors)}`);
});

test('cdk-nag AwsSolutions reports no unsuppressed warnings', () => {
  const warnings = annotations.findWarning('*', AWS_SOLUTIONS);
  if (warnings.length > 0) throw new Error(`${warnings.length} AwsSolutions warning(s):\n\n${report(warnings)}`);
});

test('no rule is suppressed for the whole stack; every suppression sits on a resource and says why', () => {
  expect(stack.templateOptions.metadata?.cdk_nag).toBeUndefined();
  const suppressions = stack.node
    .findAll()
    .filter(CfnResource.isCfnResource)
    .flatMap((resource) => (resource.getMetadata('cdk_nag') as { rules_to_suppress?: { id: string; reason: string }[] } | undefined)?.rules_to_suppress ?? []);
  expect(suppressions.length).toBeGreaterThan(0);
  for (const suppression of suppressions) {
    expect(suppression.id).toMatch(/^AwsSolutions-/);
    expect(suppression.reason.length).toBeGreaterThanOrEqual(60);
  }
});
