import { App } from 'aws-cdk-lib';
import { z } from 'zod';
import { MunicipalityIdSchema } from '../lib/auth/principal';
import { ReintegrationStack } from './stack';

/** Environment-agnostic on purpose: `cdk synth` needs no account, no region and no network. */
const app = new App();
const municipalities = z.array(MunicipalityIdSchema).parse(app.node.tryGetContext('municipalities') ?? []);
new ReintegrationStack(app, 'Reintegration', {
  description: 'Reintegration follow-up: table, user pool, HTTP API, sweep and flag events',
  municipalities,
});
app.synth();
