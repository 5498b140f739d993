import { App } from 'aws-cdk-lib';
import { ReintegrationStack } from './stack';

/** Environment-agnostic on purpose: `cdk synth` needs no account, no region and no network. */
const app = new App();
new ReintegrationStack(app, 'Reintegration', {
  description: 'Reintegration follow-up: table, user pool and HTTP API',
});
app.synth();
