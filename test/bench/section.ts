/**
 * Runs one part of the bench in this process and writes its rows (JSON) to a file. Each part gets a
 * process of its own: the functions read their environment once, at import, and a part's load must
 * not share an event loop with another's.
 */
import { writeFileSync } from 'node:fs';
import { benchBundles } from './bench-bundles';
import { benchCosts } from './bench-costs';
import { benchFlood } from './bench-flood';
import { benchImport } from './bench-import';
import { benchSystem } from './bench-system';
import type { Row } from './table';

const [name, outFile, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? '{}');

const parts: Record<string, (options: never) => Promise<Row[]>> = {
  bundles: benchBundles,
  costs: benchCosts,
  flood: benchFlood,
  import: benchImport,
  system: benchSystem,
};

const part = name ? parts[name] : undefined;
if (!part || !outFile) {
  console.error(`usage: section.ts <${Object.keys(parts).join('|')}> <out.json> [options json]`);
  process.exit(2);
}
const rows = await part(options as never);
writeFileSync(outFile, JSON.stringify(rows));
process.exit(0);
