/**
 * Where the cloud's contract is written when the stack is synthesized (infra/contract.ts), relative to the repository
 * root: the contract's function ships it beside its bundle and serves it, so no function builds the route table's
 * schemas or carries the OpenAPI generator (issue 19). The local runtime generates its own, with its own routes.
 */
export const CONTRACT_FILE = '.build/openapi.json';
