import { join } from 'node:path';
import { getArea } from '../../functions/areas/store';
import { seedDemoKey } from '../../functions/open311/manage-keys';
import { apiKeyStore } from '../../functions/open311/store';
import type { Province } from '../../functions/shared/province';
import { secretsFromEnv } from '../../functions/shared/secrets';
import type { Store } from '../../functions/shared/store/client';
import { importProvince } from '../import/import';

/**
 * Seeds the demo province through the same import code admins use. An empty store gets the whole
 * demo; a seeded one is imported again, which changes nothing but the roster's new days, so that the
 * demo always has officers on duty from a week back to a month ahead.
 */
export async function seedDemo(
  store: Store,
  root: string,
  province: Province,
  now: Date,
  log: (line: string) => void,
): Promise<string> {
  const folder = join(root, 'infra', 'provinces', province.id);
  const fresh = !(await getArea(store, province.rootArea));
  if (fresh) log(`Seeding the demo province ${province.name.vi} from ${folder}…`);
  const summary = await importProvince(store, folder, {
    province,
    now,
    ...(fresh ? { onProgress: log } : {}),
  });
  // The demo app's Open311 key (GET /_local/open311-key), under the local secret the system just set.
  await seedDemoKey({
    keys: apiKeyStore(store),
    secrets: secretsFromEnv(process.env),
    clock: { now: () => now },
  });
  const lines = Object.entries(summary.files).map(
    ([file, s]) =>
      `    ${file.padEnd(16)} ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged`,
  );
  return `  Demo data (${fresh ? 'seeded now' : 'already there, roster topped up'}):\n${lines.join('\n')}`;
}
