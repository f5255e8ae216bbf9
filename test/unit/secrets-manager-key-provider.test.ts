import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';

import { SecretsManagerKeyProvider } from '../../lambdas/auth/secrets-manager-key-provider';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:scim-token-key';
const secrets = mockClient(SecretsManagerClient);

beforeEach(() => secrets.reset());

function provider(): SecretsManagerKeyProvider {
  return new SecretsManagerKeyProvider(
    SECRET_ARN,
    new SecretsManagerClient({ region: 'eu-west-1' }),
  );
}

describe('SecretsManagerKeyProvider', () => {
  it('reads the secret once and keeps the key for later calls', async () => {
    const key = randomBytes(32);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: key.toString('base64') });
    const keys = provider();

    const [first, second] = await Promise.all([keys.getKey(), keys.getKey()]);
    const third = await keys.getKey();

    expect(first.equals(key)).toBe(true);
    expect(second.equals(key)).toBe(true);
    expect(third.equals(key)).toBe(true);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: SECRET_ARN,
    });
  });

  it('retries a failed read on the next call instead of keeping the failure', async () => {
    const key = randomBytes(32);
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      )
      .resolves({ SecretString: key.toString('base64') });
    const keys = provider();

    await expect(keys.getKey()).rejects.toThrow('Rate exceeded');
    const retried = await keys.getKey();

    expect(retried.equals(key)).toBe(true);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a key that is too short, naming the secret and never the key', async () => {
    const short = randomBytes(16).toString('base64');
    secrets.on(GetSecretValueCommand).resolves({ SecretString: short });

    const failure = provider().getKey();

    await expect(failure).rejects.toThrow(
      `The token-hashing key from secret ${SECRET_ARN} decodes to 16 bytes`,
    );
    await expect(failure).rejects.not.toThrow(short);
  });

  it('reads the current and previous keys of a secret in rotation', async () => {
    const current = randomBytes(32);
    const previous = randomBytes(32);
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({
        current: current.toString('base64'),
        previous: previous.toString('base64'),
      }),
    });
    const keys = provider();

    const [key, before] = await Promise.all([keys.getKey(), keys.getPreviousKey()]);

    expect(key.equals(current)).toBe(true);
    expect(before?.equals(previous)).toBe(true);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('has no previous key when the secret is the key alone', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: randomBytes(32).toString('base64') });

    expect(await provider().getPreviousKey()).toBeUndefined();
  });

  it('refuses broken JSON without echoing the secret', async () => {
    const secret = `{"current": "${randomBytes(32).toString('base64')}"`;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: secret });

    const failure = provider().getKey();

    await expect(failure).rejects.toThrow(
      `Secret ${SECRET_ARN} starts with "{" but is not valid JSON`,
    );
    await expect(failure).rejects.not.toThrow(secret.slice(15));
  });

  it('refuses a rotation secret without a current key', async () => {
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ previous: randomBytes(32).toString('base64') }),
    });

    await expect(provider().getKey()).rejects.toThrow(
      `Secret ${SECRET_ARN} must hold "current" (and optionally "previous") as base64 strings`,
    );
  });

  it('refuses a secret without a SecretString', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: randomBytes(32) });

    await expect(provider().getKey()).rejects.toThrow(
      `Secret ${SECRET_ARN} has no SecretString; store the key as base64 text`,
    );
  });
});
