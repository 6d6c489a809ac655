import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedBody, PayloadTooLarge, UnsupportedMediaType } from '../errors';
import { bodyKind } from './negotiate';

export const MAX_BODY_BYTES = 32 * 1024;

export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: Record<string, string> };

/** The raw body as bytes, refusing anything over 32 KiB before it is decoded or parsed. */
function rawBody(event: APIGatewayProxyEventV2): Buffer | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  // base64 takes 4 characters for 3 bytes: refuse on the encoded length first, then decode.
  const estimate = event.isBase64Encoded
    ? Math.floor((event.body.length * 3) / 4)
    : Buffer.byteLength(event.body);
  if (estimate > MAX_BODY_BYTES + 3) throw new PayloadTooLarge();
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLarge();
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readBody(event: APIGatewayProxyEventV2): ParsedBody {
  const bytes = rawBody(event);
  const kind = bodyKind(event.headers?.['content-type']);
  if (!bytes) return { kind: 'none' };
  if (kind === 'unsupported' || kind === 'none') throw new UnsupportedMediaType();
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new MalformedBody();
  }
  if (kind === 'json') {
    try {
      // A reviver that drops `__proto__` keys (JSON.parse would otherwise set them as own properties that a
      // later spread turns into a prototype); the body is then read as if the key were not there.
      return {
        kind: 'json',
        value: JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value)),
      };
    } catch {
      throw new MalformedBody();
    }
  }
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    // A repeated field is ambiguous; keep the first, as the page never sends one twice.
    if (!(key in fields)) fields[key] = value;
  }
  return { kind: 'form', fields };
}

/** The `lang` field of a form post, read without throwing, for answering errors in the form's language. */
export function formLangOf(event: APIGatewayProxyEventV2): string | undefined {
  try {
    const parsed = readBody(event);
    return parsed.kind === 'form' ? parsed.fields.lang : undefined;
  } catch {
    return undefined;
  }
}
