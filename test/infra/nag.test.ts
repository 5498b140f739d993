import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { readSynthesizedAssembly, type CloudAssembly } from '../cloud/support/cloud-assembly';

/**
 * cdk-nag's AwsSolutions rules over the whole stack, as `cdk synth` runs them (infra/app.ts): each finding is an
 * annotation of the assembly. Every finding is either fixed or suppressed next to its resource with a reason
 * (NagSuppressions.addResourceSuppressions), so none may be left as an error or warning.
 */
let assembly: CloudAssembly;

/** The AwsSolutions findings of one level. */
const findings = (level: 'error' | 'warning'): SynthesisMessage[] =>
  assembly.messages.filter((m) => m.level === level && /AwsSolutions-/.test(String(m.entry.data)));

/** One paragraph per finding: the construct path, then cdk-nag's message (rule, finding, why it matters). */
const report = (messages: SynthesisMessage[]): string => messages.map((m) => `${m.id}\n  ${String(m.entry.data)}`).join('\n\n');

beforeAll(() => {
  assembly = readSynthesizedAssembly();
});

test('cdk synth runs the AwsSolutions checks over the stack: their report in the assembly lists each rule it applied', () => {
  // No finding could also mean no checks: the pack writes this report (rule, resource, compliance) as it runs.
  const csv = readFileSync(path.join(assembly.dir, 'AwsSolutions--Reintegration-NagReport.csv'), 'utf8');
  const compliance = [...csv.matchAll(/^"AwsSolutions-[^"]+","[^"]+","([^"]+)"/gm)].map((row) => row[1]);
  expect(compliance).toContain('Compliant');
});

test('cdk-nag AwsSolutions reports no unsuppressed errors', () => {
  const errors = findings('error');
  if (errors.length > 0) throw new Error(`${errors.length} AwsSolutions error(s):\n\n${report(errors)}`);
});

test('cdk-nag AwsSolutions reports no unsuppressed warnings', () => {
  const warnings = findings('warning');
  if (warnings.length > 0) throw new Error(`${warnings.length} AwsSolutions warning(s):\n\n${report(warnings)}`);
});

test('no rule is suppressed for the whole stack; every suppression sits on a resource and says why', () => {
  expect(assembly.template.Metadata?.cdk_nag).toBeUndefined();
  const suppressions = Object.values(assembly.template.Resources).flatMap(
    (resource) => (resource.Metadata?.cdk_nag as { rules_to_suppress?: { id: string; reason: string }[] } | undefined)?.rules_to_suppress ?? [],
  );
  expect(suppressions.length).toBeGreaterThan(0);
  for (const suppression of suppressions) {
    expect(suppression.id).toMatch(/^AwsSolutions-/);
    expect(suppression.reason.length).toBeGreaterThanOrEqual(60);
  }
});
