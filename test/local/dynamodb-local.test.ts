import { JavaMissing, startDynamoDbLocal } from '../../local/dynamodb-local';

describe('starting DynamoDB Local', () => {
  it('without Java fails with one line saying what to install, before starting anything', async () => {
    const attempt = startDynamoDbLocal({ inMemory: true, java: '/nonexistent/bin/java' });
    await expect(attempt).rejects.toBeInstanceOf(JavaMissing);
    await expect(attempt).rejects.toThrow(
      /^DynamoDB Local needs Java, which was not found \(\/nonexistent\/bin\/java\): install a Java 17\+ runtime .*openjdk-17-jre-headless[^\n]*$/,
    );
  });
});
