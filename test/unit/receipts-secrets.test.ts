import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { fileSecrets, secretsFromEnv, secretsManagerSecrets } from '../../functions/shared/secrets';

const dir = () => mkdtempSync(join(tmpdir(), 'tuquan-secret-'));

describe('fileSecrets', () => {
  it('makes the secret once, readable by its owner only, and derives the same keys from it after', async () => {
    const file = join(dir(), 'nested', 'secret.key');

    const first = await fileSecrets(file).key('receipt');
    const again = await fileSecrets(file).key('receipt');

    expect(first).toEqual(again);
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('derives a different key for each purpose', async () => {
    const secrets = fileSecrets(join(dir(), 'secret.key'));
    const keys = await Promise.all(
      (
        [
          'receipt',
          'dedup',
          'ack-token',
          'idempotency-key',
          'idempotency-fingerprint',
          'idempotency-answer',
        ] as const
      ).map((p) => secrets.key(p).then((k) => k.toString('hex'))),
    );

    expect(new Set(keys).size).toBe(6);
  });

  it('refuses a secret too short to derive keys from', async () => {
    const file = join(dir(), 'secret.key');
    writeFileSync(file, 'short\n');

    await expect(fileSecrets(file).key('receipt')).rejects.toThrow(/too short/);
  });
});

describe('secretsManagerSecrets', () => {
  it('reads the secret string once per container and derives keys from it', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'x'.repeat(64) });
    const secrets = secretsManagerSecrets(
      'arn:aws:secretsmanager:ap-southeast-1:1:secret:s',
      new SecretsManagerClient({}),
    );

    const a = await secrets.key('receipt');
    const b = await secrets.key('ack-token');
    const c = await secrets.key('receipt');

    expect(a).toEqual(c);
    expect(a).not.toEqual(b);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: 'arn:aws:secretsmanager:ap-southeast-1:1:secret:s',
    });
  });

  it('tries again on the next call after a failed read', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('busy'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: 'y'.repeat(64) });
    const secrets = secretsManagerSecrets('arn:s', new SecretsManagerClient({}));

    await expect(secrets.key('receipt')).rejects.toThrow('busy');
    await expect(secrets.key('receipt')).resolves.toHaveLength(32);
  });
});

describe('secretsFromEnv', () => {
  it('reads nothing until a key is asked for, then names the missing setting', async () => {
    const secrets = secretsFromEnv({});

    await expect(secrets.key('receipt')).rejects.toThrow(/TUQUAN_SECRET_ARN .* TUQUAN_SECRET_FILE/);
  });
});
