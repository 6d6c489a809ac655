import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * One server secret per province, from which every key is derived (HKDF-SHA256, one key per purpose),
 * so that a receipt hash can never be confused with an acknowledge-link MAC or an encrypted answer.
 */
type KeyPurpose =
  | 'receipt'
  | 'dedup'
  | 'ack-token'
  | 'idempotency-key'
  | 'idempotency-fingerprint'
  | 'idempotency-answer'
  | 'altcha'
  | 'form-token'
  | 'open311-key'
  | 'open311-request';

export interface Secrets {
  key(purpose: KeyPurpose): Promise<Buffer>;
}

/** Fewer bytes than this is not a secret worth deriving keys from. */
const MIN_SECRET_BYTES = 32;

/** Keys derived from a master secret that is loaded once, on first use. */
export function secretsFrom(loadMaster: () => Promise<Buffer>): Secrets {
  let master: Promise<Buffer> | undefined;
  const keys = new Map<KeyPurpose, Buffer>();
  return {
    async key(purpose) {
      const known = keys.get(purpose);
      if (known) return known;
      master ??= loadMaster().then((bytes) => {
        if (bytes.length < MIN_SECRET_BYTES) throw new Error('tuquan: the server secret is too short');
        return bytes;
      });
      // A failed load (Secrets Manager unreachable) is retried on the next call, not cached.
      const bytes = await master.catch((error: unknown) => {
        master = undefined;
        throw error;
      });
      const derived = Buffer.from(hkdfSync('sha256', bytes, 'tuquan', `tuquan/${purpose}/v1`, 32));
      keys.set(purpose, derived);
      return derived;
    },
  };
}

/**
 * Locally: the secret lives in a file, made once with 32 random bytes. `wx` makes creation
 * exclusive, so two processes starting together end up sharing the one that won.
 */
export function fileSecrets(path: string): Secrets {
  return secretsFrom(async () => {
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Another process may have created the file an instant ago and not written it yet.
    for (let attempt = 0; ; attempt++) {
      const text = readFileSync(path, 'utf8').trim();
      if (text.length >= MIN_SECRET_BYTES || attempt >= 20) return Buffer.from(text, 'utf8');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
}

/** On AWS: the secret's string from Secrets Manager, read once per container. */
export function secretsManagerSecrets(secretArn: string, client?: SecretsManagerClient): Secrets {
  return secretsFrom(async () => {
    // Loaded on first use: functions that never need the secret never pay for its client.
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const sm = client ?? new SecretsManagerClient({});
    const out = await sm.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!out.SecretString) throw new Error('tuquan: the server secret has no string value');
    return Buffer.from(out.SecretString, 'utf8');
  });
}

/**
 * TUQUAN_SECRET_ARN on AWS, TUQUAN_SECRET_FILE locally and in tests. Nothing is read until a key is
 * asked for, so functions that never need one run without either.
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv): Secrets {
  const arn = env.TUQUAN_SECRET_ARN;
  const file = env.TUQUAN_SECRET_FILE;
  if (arn) return secretsManagerSecrets(arn);
  if (file) return fileSecrets(file);
  return secretsFrom(async () => {
    throw new Error('tuquan: set TUQUAN_SECRET_ARN (AWS) or TUQUAN_SECRET_FILE (local)');
  });
}
