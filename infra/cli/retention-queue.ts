/** `npm run retention:queue -- --province <id>`: see the README's "Personal data and retention". */
import { join } from 'node:path';
import { runRetentionQueue } from './commands';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.exitCode = await runRetentionQueue(process.argv.slice(2), {
  root: join(import.meta.dirname, '..', '..'),
  env: process.env,
  out: (line) => console.log(line),
});
