import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoClientFor, SDK_LOGGER_STEP } from '../../../lib/deps/dynamodb';

const steps = (client: DynamoDBClient) => client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);

describe('the DynamoDB client every function uses', () => {
  it('has no SDK logging step: nothing logs through the SDK, so no redacted copy of each request and answer is built', () => {
    expect(steps(dynamoClientFor({ region: 'eu-central-1', dynamodbEndpoint: undefined }))).not.toContain(SDK_LOGGER_STEP);
    // The name is the SDK's own: a client as the SDK makes it has the step (were it renamed, the removal would do nothing).
    expect(steps(new DynamoDBClient({ region: 'eu-central-1' }))).toContain(SDK_LOGGER_STEP);
  });
});
