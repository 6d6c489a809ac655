import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../../functions/openapi/document';
import { OPERATIONS } from '../../functions/openapi/operations';
import { ROUTES } from '../../functions/routes';
import { ROOT } from './build-site';

/** The generated document, bundled into GET /api/openapi.json's handler and committed with the code. */
export const OPENAPI_FILE = join(ROOT, 'functions', 'openapi', 'openapi.json');

/** The document of the route table as the file holds it. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(ROUTES, OPERATIONS), null, 2)}\n`;
}

function current(): string | undefined {
  try {
    return readFileSync(OPENAPI_FILE, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `npm run openapi`: writes the document when it differs from the route table and its schemas;
 * `--check` only says whether it does (exit 1), for CI.
 */
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const text = openApiText();
    const stale = current() !== text;
    if (process.argv.includes('--check')) {
      console.log(
        stale ? `${OPENAPI_FILE} is out of date: npm run openapi` : 'The OpenAPI document is up to date.',
      );
      process.exit(stale ? 1 : 0);
    }
    if (stale) writeFileSync(OPENAPI_FILE, text);
    console.log(stale ? `Wrote ${OPENAPI_FILE}` : 'The OpenAPI document is up to date.');
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
