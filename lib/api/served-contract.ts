/**
 * Where the cloud's contract is written when the stack is synthesized (infra/contract.ts), relative to the repository
 * root: the contract's function ships it beside its bundle and serves it, so no function builds the route table's
 * schemas or carries the OpenAPI generator (issue 19). The local runtime generates its own, with its own routes.
 */
export const CONTRACT_FILE = '.build/openapi.json';

/** The answer of `GET /openapi.json`, in the cloud and locally alike. */
export const contractAnswer = (document: string) => ({ status: 200 as const, body: document, headers: { 'cache-control': 'public, max-age=300' } });
