/** Routes of the table (lib/api/routes/index.ts): The missed-visit sweep, run on demand. */
import { defineRoute } from '../route';
import { SweepReportSchema } from '../schemas/flags';


export const runSweep = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/sweeps',
  summary: 'Run the missed-visit sweep and flag escalation now',
  description: 'The same sweep runs daily on a schedule. Running it again raises nothing twice.',
  tag: 'Flags',
  access: ['admin'],
  handler: 'functions/sweeps/run.ts',
  request: {},
  responses: { 200: { description: 'What the run did.', json: SweepReportSchema } },
});
