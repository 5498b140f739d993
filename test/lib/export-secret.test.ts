import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { exportSecret } from '../../lib/export-secret';

const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

describe('the export secret', () => {
  it('is taken as given when configured directly (local runtime)', async () => {
    await expect(exportSecret({ exportSecret: { value: 'x'.repeat(32) } })).resolves.toBe('x'.repeat(32));
  });

  it('is read from Secrets Manager by ARN in the cloud, and kept: a second export asks no more', async () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:export-AbCdEf';
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 's'.repeat(48) });
    await expect(exportSecret({ exportSecret: { arn } })).resolves.toBe('s'.repeat(48));
    await expect(exportSecret({ exportSecret: { arn } })).resolves.toBe('s'.repeat(48));
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('without one, nothing is exported: pseudonyms without a secret could be linked back by anyone', async () => {
    await expect(exportSecret({ exportSecret: undefined })).rejects.toThrow(/not configured/);
  });

  it('a secret shorter than 32 characters is refused', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'short' });
    await expect(exportSecret({ exportSecret: { arn: 'arn:aws:secretsmanager:eu-central-1:1:secret:other' } })).rejects.toThrow(/too short/);
  });
});
