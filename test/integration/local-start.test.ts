import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalSystem, startLocalSystem } from '../../infra/local/system';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Answer {
  path: string;
  status: number;
  retryAfter: string | null;
  body: unknown;
}

async function get(url: string, path: string): Promise<Answer> {
  const res = await fetch(`${url}${path}`, { headers: { accept: 'application/json' } });
  const text = await res.text();
  return { path, status: res.status, retryAfter: res.headers.get('retry-after'), body: JSON.parse(text) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'tuquan-local-start-'));
let system: LocalSystem | undefined;
afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start (startLocalSystem) before it can answer', () => {
  it('answers /api/* 503 with Retry-After while the demo is seeded, names what health waits for, and says ok only once places are there', async () => {
    // The system as `npm start` composes it, on a fresh data folder and a free port; the pages are not
    // rebuilt (startLocalSystem would run astro whenever functions/ changed).
    const whileSeeding: Promise<Answer[]>[] = [];
    system = await startLocalSystem({
      root: ROOT,
      dataDir,
      port: 0,
      provinceFile: join(ROOT, 'infra', 'provinces', 'quang-ninh.json'),
      buildSite: false,
      log: (line) => {
        // Said as the seed begins, the gateway already listening (its address is in the province the
        // handlers read): ask what anything waiting for the system would ask.
        if (!line.startsWith('Seeding the demo province')) return;
        const url = (JSON.parse(process.env.TUQUAN_PROVINCE ?? '{}') as { baseUrl: string }).baseUrl;
        whileSeeding.push(
          Promise.all([
            get(url, '/api/health'),
            get(url, '/api/areas?q=uong%20bi'),
            get(url, '/_local/officers'),
          ]),
        );
      },
    });
    const [early] = await Promise.all(whileSeeding);
    const [health, areas] = await Promise.all([
      get(system.url, '/api/health'),
      get(system.url, '/api/areas?q=uong%20bi'),
    ]);

    expect(early?.[0]).toEqual({
      path: '/api/health',
      status: 503,
      retryAfter: '1',
      body: { ok: false, waiting: ['seed', 'worker'] },
    });
    expect(early?.[1]).toMatchObject({
      path: '/api/areas?q=uong%20bi',
      status: 503,
      retryAfter: '1',
      body: { error: { code: 'unavailable' } },
    });
    // The local routes answer throughout (a seed still under way may list no officer yet).
    expect(early?.[2]).toMatchObject({ status: 200, body: { officers: expect.any(Array) } });
    expect(health).toMatchObject({ status: 200, body: { ok: true } });
    expect(areas).toMatchObject({
      status: 200,
      body: { areas: expect.arrayContaining([expect.objectContaining({ code: 'UONG-BI' })]) },
    });
  });

  it('answers an acknowledgement link with a malformed escape 404, as API Gateway does, never 500', async () => {
    const url = system?.url ?? '';
    const answers = await Promise.all(
      ['/api/ack/%ZZ', '/api/ack/%C3', '/api/ack/abc%'].map((p) => get(url, p)),
    );

    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(3).fill([404, { message: 'Not Found' }]));
  });
});
