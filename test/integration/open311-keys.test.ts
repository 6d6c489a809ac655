import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyHash } from '../../functions/open311/model';
import { apiKeyStore } from '../../functions/open311/store';
import { secretsFromEnv } from '../../functions/shared/secrets';
import { createDocumentClient } from '../../functions/shared/store/client';
import { runOpen311Keys } from '../../infra/cli/open311-keys';
import { type DynamoServer, ensureTable, LOCAL_TABLE, startDynalite } from '../../infra/local/dynamo';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'tuquan-open311-keys-'));
const secretFile = join(dir, 'secret.key');
let server: DynamoServer;

beforeAll(async () => {
  writeFileSync(secretFile, 'a-test-secret-of-more-than-thirty-two-bytes-0123456789\n');
  server = await startDynalite(join(dir, 'dynamo'));
  await ensureTable(server.endpoint, LOCAL_TABLE);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runOpen311Keys([...argv, '--province', 'quang-ninh', '--endpoint', server.endpoint], {
    root: ROOT,
    env: { TUQUAN_SECRET_FILE: secretFile },
    out: (line) => out.push(line),
    now: () => new Date('2026-12-07T08:00:00Z'),
  });
  return { code, out };
}

describe('npm run open311:keys', () => {
  it('issues a key shown once and stored only as its keyed hash, lists it, and revokes it', async () => {
    const issued = await cli('issue', '--app', 'Zalo OA Hạ Long', '--per-minute', '12');
    const apiKey = /api_key \(shown this once; only its hash is kept\): (tq311_\S+)$/.exec(
      issued.out[2] ?? '',
    )?.[1];
    const id = /^Issued (k\w+) /.exec(issued.out[1] ?? '')?.[1];
    const store = apiKeyStore({
      doc: createDocumentClient({ region: 'local', endpoint: server.endpoint }),
      table: LOCAL_TABLE,
    });
    const hash = apiKeyHash(
      await secretsFromEnv({ TUQUAN_SECRET_FILE: secretFile }).key('open311-key'),
      apiKey ?? '',
    );

    expect(issued.code).toBe(0);
    expect(issued.out[1]).toBe(`Issued ${id} for "Zalo OA Hạ Long", 12 reports a minute.`);
    expect(await store.keyByHash(hash)).toEqual({
      id,
      app: 'Zalo OA Hạ Long',
      perMinute: 12,
      createdAt: '2026-12-07T08:00:00.000Z',
    });
    expect(JSON.stringify(await store.allKeys())).not.toContain(apiKey);

    const revoked = await cli('revoke', id ?? '');
    const listed = await cli('list');

    expect(revoked.code).toBe(0);
    expect(revoked.out[1]).toBe(`Revoked ${id} ("Zalo OA Hạ Long") at 2026-12-07T08:00:00.000Z.`);
    expect(listed.out.slice(1)).toEqual([
      `  ${id}  Zalo OA Hạ Long  12/min  issued 2026-12-07T08:00:00.000Z  revoked 2026-12-07T08:00:00.000Z`,
    ]);
  });

  it('refuses an issue without an app, and a revoke of a key that does not exist', async () => {
    const noApp = await cli('issue');
    const unknown = await cli('revoke', 'knothere1');

    expect(noApp).toEqual({
      code: 1,
      out: [
        expect.stringContaining('Open311 keys of province quang-ninh'),
        'open311:keys: --app (1 to 80 characters) and --per-minute (1 to 1000) are needed',
      ],
    });
    expect(unknown.code).toBe(1);
    expect(unknown.out[1]).toBe('open311:keys: no key knothere1');
  });

  it('refuses to issue a key on AWS without the server secret ARN, before reaching the table', async () => {
    const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
      const out: string[] = [];
      const code = await runOpen311Keys(['issue', '--app', 'Zalo OA', '--province', 'quang-ninh', ...argv], {
        root: ROOT,
        env: { TUQUAN_SECRET_FILE: secretFile, ...env },
        out: (line) => out.push(line),
      });
      return { code, first: out[0]?.split('\n')[0] };
    };
    const refusal = {
      code: 2,
      first:
        'open311:keys: on AWS a key is hashed with the server secret: name it with --secret-arn or TUQUAN_SECRET_ARN (the stack output ServerSecretArn)',
    };

    const [byFlag, byTable, byEnv, byProfile] = await Promise.all([
      run(['--aws', '--table', 'tuquan-prod'], {}),
      run(['--table', 'tuquan-prod'], {}),
      run([], { TUQUAN_TABLE: 'tuquan-prod' }),
      run(['--profile', 'admin', '--table', 'tuquan-prod'], {}),
    ]);

    expect([byFlag, byTable, byEnv, byProfile]).toEqual([refusal, refusal, refusal, refusal]);
  });
});
