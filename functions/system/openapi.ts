import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACT_FILE, contractAnswer } from '../../lib/api/served-contract';
import * as routes from '../../lib/api/routes/system';
import { httpHandler } from '../../lib/http/handler';

let document: string | undefined;

/**
 * The cloud's contract, as the stack wrote it from the route table when it was synthesized (infra/contract.ts) and
 * shipped it beside the bundle, where LAMBDA_TASK_ROOT points; read once per container.
 */
export const handler = httpHandler(routes.getOpenApi, async () => {
  document ??= readFileSync(path.join(process.env.LAMBDA_TASK_ROOT ?? '.', path.basename(CONTRACT_FILE)), 'utf8');
  return contractAnswer(document);
});
