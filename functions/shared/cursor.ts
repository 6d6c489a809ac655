/**
 * An opaque paging cursor holding the position (`<time>#<id>`) of the last item shown, for lists that
 * page newest first. Decoding checks the position against the list's own pattern: a forged or garbled
 * cursor is no position at all (undefined), never a key the store is asked for.
 */
export function positionCursor(position: RegExp): {
  encode(position: string): string;
  decode(cursor: string): string | undefined;
} {
  return {
    encode: (at) => Buffer.from(JSON.stringify({ before: at }), 'utf8').toString('base64url'),
    decode: (cursor) => {
      try {
        const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { before?: unknown };
        return typeof parsed.before === 'string' && position.test(parsed.before) ? parsed.before : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
