import { routeTable, type NamedRoute } from '../route';
import * as checkpoints from './checkpoints';
import * as children from './children';
import * as consents from './consents';
import * as flags from './flags';
import * as municipalities from './municipalities';
import * as outcomes from './outcomes';
import * as plans from './plans';
import * as referrals from './referrals';
import * as sweeps from './sweeps';
import * as system from './system';
import * as visits from './visits';

/**
 * The route table of the cloud API: the CDK stack makes one function and one HttpApi route of each entry, the local
 * runtime serves them (with its own, local/routes/table.ts), and the OpenAPI document is generated from them. A
 * handler imports its own route from its resource's module, never this table (eslint.config.mjs).
 */
export const routes = routeTable({
  ...system,
  ...children,
  ...checkpoints,
  ...visits,
  ...flags,
  ...consents,
  ...referrals,
  ...plans,
  ...outcomes,
  ...sweeps,
  ...municipalities,
});

export type Routes = typeof routes;
export const routeList: readonly NamedRoute[] = Object.values(routes);
