/** `npm run export -- --province <id> <folder>`: see infra/provinces/README.md. */
import { join } from 'node:path';
import { runExport } from './commands';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.exitCode = await runExport(process.argv.slice(2), {
  root: join(import.meta.dirname, '..', '..'),
  env: process.env,
  out: (line) => console.log(line),
});
