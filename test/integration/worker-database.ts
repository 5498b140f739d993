// The DynamoDB Local of this jest worker (global-setup.ts starts one per worker): its files never share an instance
// with another worker's.
const endpoints = (process.env.TEST_DYNAMODB_ENDPOINTS ?? '').split(' ').filter(Boolean);
if (endpoints.length > 0) process.env.TEST_DYNAMODB_ENDPOINT = endpoints[(Number(process.env.JEST_WORKER_ID ?? '1') - 1) % endpoints.length];
