import { createHmac } from 'node:crypto';
import type { Clock } from '../shared/ports';
import type { Secrets } from '../shared/secrets';
import { parseInput } from '../shared/validation';
import { API_KEY_PREFIX, type ApiKey, apiKeyHash, newApiKey } from './model';
import { Open311KeyIssueSchema } from './schema';
import type { ApiKeyStore } from './store';

/** The admin's CLI (infra/cli/open311-keys.ts) and the local demo's seed. */
export interface ManageKeysPorts {
  keys: ApiKeyStore;
  secrets: Secrets;
  clock: Clock;
}

/** Issues a key for an app: the key is returned once, to be shown once; only its keyed hash is kept. */
export async function issueKey(
  input: { app: string; perMinute: number },
  ports: ManageKeysPorts,
): Promise<{ apiKey: string; key: ApiKey }> {
  const { app, perMinute } = parseInput(Open311KeyIssueSchema, input);
  const { apiKey, id } = newApiKey();
  const key: ApiKey = { id, app, perMinute, createdAt: ports.clock.now().toISOString() };
  if (!(await ports.keys.putKey(apiKeyHash(await ports.secrets.key('open311-key'), apiKey), key)))
    throw new Error('a key with this hash exists already: issue again');
  return { apiKey, key };
}

/** Revokes the key with this id: refused at once on every server (the look-up is never cached). */
export async function revokeKey(id: string, ports: ManageKeysPorts): Promise<ApiKey | undefined> {
  const found = (await ports.keys.allKeys()).find((key) => key.id === id);
  if (!found) return undefined;
  const at = ports.clock.now().toISOString();
  await ports.keys.revoke(found.hash, at);
  const { hash: _hash, ...key } = found;
  return { ...key, revokedAt: found.revokedAt ?? at };
}

/** Every key issued, oldest first, revoked ones included: never a key itself. */
export async function listKeys(ports: Pick<ManageKeysPorts, 'keys'>): Promise<ApiKey[]> {
  return (await ports.keys.allKeys()).map(({ hash: _hash, ...key }) => key);
}

/** The local demo app's name and limit (GET /_local/open311-key). */
const DEMO_APP = { id: 'kdemo', app: 'Demo app (local only)', perMinute: 60 } as const;

/**
 * The local demo app's key: derived from the local server secret, so that the seed stores its hash
 * and GET /_local/open311-key shows the key without either writing it down. Never on AWS: only the
 * local runtime calls this.
 */
export async function demoApiKey(secrets: Secrets): Promise<string> {
  const mac = createHmac('sha256', await secrets.key('open311-key'))
    .update('local demo app', 'utf8')
    .digest();
  return `${API_KEY_PREFIX}${mac.toString('base64url')}`;
}

/** Stores the demo app's key unless it is there (a re-seed changes nothing). */
export async function seedDemoKey(ports: ManageKeysPorts): Promise<void> {
  const apiKey = await demoApiKey(ports.secrets);
  const hash = apiKeyHash(await ports.secrets.key('open311-key'), apiKey);
  if (await ports.keys.keyByHash(hash)) return;
  await ports.keys.putKey(hash, {
    id: DEMO_APP.id,
    app: DEMO_APP.app,
    perMinute: DEMO_APP.perMinute,
    createdAt: ports.clock.now().toISOString(),
  });
}
