/** `npm run patrols:relist -- --province <id>`: see the README's patrols section. */
import { join } from 'node:path';
import { runPatrolsRelist } from './commands';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.exitCode = await runPatrolsRelist(process.argv.slice(2), {
  root: join(import.meta.dirname, '..', '..'),
  env: process.env,
  out: (line) => console.log(line),
});
