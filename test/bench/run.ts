/**
 * `npm run bench`: the figures of issue 10, each next to a baseline measured in the same run, as
 * one markdown table on stdout (progress on stderr), also written to docs/benchmarks.md.
 * `npm run bench -- --quick` runs shorter loops and fewer rounds, to try the bench itself out.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './bundles';
import { progress } from './stats';
import { markdownTable, type Row } from './table';

const quick = process.argv.includes('--quick');

const PARTS: { name: string; title: string; options: Record<string, number> }[] = [
  { name: 'bundles', title: 'Lambda bundles and cold imports', options: { runs: quick ? 3 : 9 } },
  {
    name: 'costs',
    title: 'DynamoDB operations, capacity and SMS segments per report',
    options: { reports: 40 },
  },
  {
    name: 'system',
    title: 'Local system: SMS latency, intake, pages',
    options: {
      concurrency: 20,
      warmupMs: 1000,
      sliceMs: 2500,
      slices: quick ? 2 : 4,
      submitters: 20,
      reportsPerSubmitter: quick ? 4 : 10,
    },
  },
  {
    name: 'flood',
    title: 'Flood through the local system: spoofed clients, the throttle, report → SMS',
    options: {
      calmMs: quick ? 20_000 : 60_000,
      floodMs: quick ? 15_000 : 60_000,
      spacingMs: 2500,
      genuineClients: 10,
      spoofingClients: 10,
      textedWithinMs: 30_000,
    },
  },
  { name: 'import', title: 'Import of the large generated province', options: { calls: quick ? 100 : 300 } },
];

const ORDER = ['bundle', 'intake', 'dispatch', 'flood', 'import', 'page', 'cost'];

/** One part in a process of its own; its stdout (the functions' logs, astro) goes to our stderr. */
async function runPart(part: (typeof PARTS)[number], dir: string): Promise<Row[]> {
  const out = join(dir, `${part.name}.json`);
  const started = Date.now();
  progress(`— ${part.title}`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(ROOT, 'test', 'bench', 'section.ts'),
        part.name,
        out,
        JSON.stringify(part.options),
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', process.stderr, process.stderr],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    child.once('error', reject);
    child.once('exit', resolve);
  });
  progress(`— ${part.title}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (code === 0) return JSON.parse(readFileSync(out, 'utf8')) as Row[];
  return [
    {
      section: ORDER.find((s) => part.name.startsWith(s)) ?? 'cost',
      measure: part.title,
      figure: `not measured: the part failed (exit ${code}; see stderr)`,
      baseline: '—',
      ratio: '—',
      goal: '—',
      met: 'no',
    },
  ];
}

const started = Date.now();
const loadBefore = loadavg()[0] ?? 0;
const dir = mkdtempSync(join(tmpdir(), 'tuquan-bench-'));
const rows: Row[] = [];
try {
  for (const part of PARTS) rows.push(...(await runPart(part, dir)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
rows.sort((a, b) => ORDER.indexOf(a.section) - ORDER.indexOf(b.section));

const table = markdownTable(rows);
process.stdout.write(`${table}\n`);

const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const machine = `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, ${process.platform}/${process.arch}`;
const notes = [
  `Measured ${date} on ${machine}; the whole run took ${((Date.now() - started) / 60_000).toFixed(1)} minutes${quick ? ' (--quick: shorter loops, fewer rounds)' : ''}; load average ${loadBefore.toFixed(1)} before and ${(loadavg()[0] ?? 0).toFixed(1)} after (other work on the machine shows here).`,
  'Turned off for the bench (all parts but the flood): rate limits, proof-of-work challenges and the per-phone SMS throttle, and the daily SMS cap is out of reach (`test/bench/bench-province.json`: the demo province with 1,000,000,000 requests a minute, no challenge routes, 1,000,000,000 SMS a phone a minute, 15 minutes and hour, a cap of 10,000,000), so that the latency and intake figures measure the system, not its limits. The flood part runs the demo province with its real limits and throttle (challenges off there too). Everything else runs as `npm start` runs it, dispatcher included.',
  'Each ratio divides the figure by the baseline beside it, measured in the same run on the same machine (no hard-coded baseline): the machines are noisy, the ratios less so.',
  '- **Bundles**: all handlers in one esbuild call with the options of the CDK Functions construct (ESM, minified, node22, `@aws-sdk/*` external, the createRequire banner, source map); bytes of the `.mjs`. Cold import: `await import()` of the bundle in a fresh `node --enable-source-maps` process with the environment Lambda gives it (the store address answers nothing; a connection attempt at import would be flagged), median of the rounds, next to a bundle importing only the DynamoDB and SNS clients.',
  "- **Intake**: the same closed loop of 20 clients drives the gateway, a raw PutItem (unsigned, as dynalite accepts) and the same PutItem through the AWS SDK's document client made as the functions make it (`createDocumentClient` with the store's endpoint), all on the system's own dynalite (which runs on a thread of its own, as `npm start` runs it), in alternating turns of 2.5 s after a warm-up turn each, the dispatcher's queue emptied before every turn; only answers received within a turn count. The intake rows' ratios are to the SDK loop (what our code costs on top of the SDK); the raw loop's figure stays beside it. *Intake alone* holds the local dispatcher during its turns (`POST /_local/dispatcher {\"paused\": true}`; on AWS the dispatcher is another function), and so do both PutItem loops; *intake while dispatching* lets the local worker dispatch every report in the same process meanwhile, for comparison only. The Open311 intake posts the same reports form-encoded with a key the bench stores for itself, its per-minute limit out of reach (the demo app's key allows 60 a minute), and is also shown as a ratio to the POST /api/reports intake of the same run.",
  "- **Dispatch**: the time from receiving the 201 to seeing the first outbox line of that report (the file is read every 2 ms), after a warm-up round of one report per submitter that is not counted. The local worker is handed each report as soon as its POST is answered (as the table stream hands it on AWS) and polls the queue every 50 ms for the rest. The baseline is the dispatcher's own queue Query (gsi2pk = DISPATCH; the sort key is now `<rank>#<createdAt>#<id>`, high urgency first, the Query unchanged), sent every 20 ms during the same minutes; the goal is p99 ≤ 3× the Query's p99.",
  "- **Flood**: the local system with the demo province's own file (real rate limits, SMS cap and per-phone throttle; stage dev; no challenge routes, or the flood clients would only spend the machine's CPU solving proofs of work). Phase A, 60 s: genuine high-urgency reports from one address, crimes the demo's categories send to the police alone (ADR 0016), each to a ward or commune with a police officer of its own on duty (rotating over every such place but the flooded ward, whose police are told of the flood's reports), spaced so that no police phone is due two within a minute (its throttle): about one every 9 s with the demo's 7 such places. Phase B, 60 s: the same stream while 20 closed-loop clients post normal reports to that ward, 10 each from its own loopback address (127.0.0.11–20; the local gateway takes the socket's address as the client's) and 10 from 127.0.0.200 with a new random `CloudFront-Viewer-Address` and `X-Forwarded-For` on every request. Report → SMS runs from sending the POST to the report's first outbox line (the first report of phase A, the code still cold, is not timed), a report without one within 30 s counted as never texted; the dispatch queue is watched meanwhile (its Query every 100 ms, its length every second) to show where a delay comes from. The throttle row reads every outbox line of the run.",
  "- **Import**: the generated province (test/support/province-generator.ts) into dynalite in a temporary folder, in-process; the baseline writes the very items the import wrote (read back by Scan) with the importer's batch writer. Lookups call the handlers in-process, one at a time, after one warm-up call.",
  "- **Pages**: a fresh `buildSite()` in a temporary folder; gzip -9 of each page's HTML with its stylesheet, and of its module scripts with their imports. Lighthouse 12.2.3 (default mobile profile) in Debian's Chromium, headless, on the Vietnamese pages served with the local API behind /api. Public pages only: the officer console's pages are left out.",
  '- **Costs**: commands counted at the shared document client (its `send` wrapped) while 40 reports go through the handler and then the dispatcher; capacity from ReturnConsumedCapacity, which dynalite gives for the table only.',
];
writeFileSync(
  join(ROOT, 'docs', 'benchmarks.md'),
  `# Benchmarks\n\nWritten by \`npm run bench\` (test/bench/run.ts); run it again to refresh.\n\n${notes.join('\n')}\n\n${table}\n`,
);
progress(`table written to docs/benchmarks.md (${((Date.now() - started) / 1000).toFixed(0)} s)`);
