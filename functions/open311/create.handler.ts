import * as z from 'zod/mini';
import { httpRoute } from '../shared/http/route';
import { parseInput } from '../shared/validation';
import { fileDeps } from './deps';
import { fileRequest } from './file-request';
import { langOf } from './model';
import { Open311IdempotencyKey, Open311RequestSchema, open311RequestFromForm } from './schema';

const ports = fileDeps();
const Header = z.object({ 'Idempotency-Key': z.optional(Open311IdempotencyKey) });

/**
 * POST /open311/v2/requests.json (form-encoded, or JSON): files a report for an app holding a key.
 * Public GETs are limited per client; this POST by its key's own limit, in the use case.
 */
export const handler = httpRoute(
  {
    name: 'POST /open311/v2/requests.json',
    body: Open311RequestSchema,
    fromForm: open311RequestFromForm,
    errorShape: 'open311',
  },
  async ({ body, headers, lang, client }) => {
    const { 'Idempotency-Key': idempotencyKey } = parseInput(Header, {
      'Idempotency-Key': headers['idempotency-key'],
    });
    const filed = await fileRequest(body, { idempotencyKey, lang: langOf(body.locale, lang), client }, ports);
    return { status: 201, body: filed };
  },
);
