import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ReintegrationStack } from './stack';

/** Environment-agnostic on purpose: `cdk synth` needs no account, no region and no network. */
const app = new App();
new ReintegrationStack(app, 'Reintegration', {
  description: 'Reintegration follow-up: table, user pool, HTTP API, sweep and flag events',
});
// cdk-nag's AwsSolutions rules: an unsuppressed finding is an error or a warning of `cdk synth` (and fails
// test/infra/nag.test.ts). Suppressions, each with its reason, sit next to the resources in infra/.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
app.synth();
