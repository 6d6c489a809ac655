/**
 * Small readers for the HTML the site and the API render, so tests can assert a page's parts as
 * plain objects. Enough for markup we write ourselves (double-quoted attributes), not a general parser.
 */
export type Attrs = Record<string, string>;

function attrsOf(source: string): Attrs {
  const attrs: Attrs = {};
  for (const m of source.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
    if (m[1]) attrs[m[1]] = m[2] ?? '';
  }
  return attrs;
}

/** Every element with this tag name, as its attributes, in document order. */
export function tags(html: string, name: string): Attrs[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))].map((m) => attrsOf(m[1] ?? ''));
}

/** The form controls of a page, in order: tag, name and what limits them. */
export function controls(html: string): Attrs[] {
  return [...html.matchAll(/<(input|select|textarea|button)\b([^>]*)>/gi)].map((m) => {
    const all = attrsOf(m[2] ?? '');
    const kept: Attrs = { tag: (m[1] ?? '').toLowerCase() };
    for (const key of ['name', 'type', 'value', 'required', 'minlength', 'maxlength', 'tabindex']) {
      if (key in all) kept[key] = all[key] ?? '';
    }
    return kept;
  });
}

/** The options of a select, as value → text. */
export function options(html: string, selectId: string): [string, string][] {
  const select = new RegExp(`<select[^>]*id="${selectId}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)">([^<]*)<\/option>/g)].map((m) => [
    m[1] ?? '',
    m[2] ?? '',
  ]);
}

/** The text inside the first element with this id, tags removed. */
export function textOf(html: string, id: string): string | undefined {
  const m = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m ? (m[2] ?? '').replace(/<[^>]+>/g, '').trim() : undefined;
}

/** Ids named by aria-describedby / label for= that no element on the page carries. */
export function danglingReferences(html: string): string[] {
  const ids = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
  const refs = [
    ...[...html.matchAll(/aria-(?:describedby|labelledby|controls)="([^"]+)"/g)].flatMap((m) =>
      (m[1] ?? '').split(/\s+/),
    ),
    ...[...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1] ?? ''),
  ];
  return refs.filter((ref) => ref && !ids.has(ref));
}

/** Every id on the page. */
export function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ''));
}
