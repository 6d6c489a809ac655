import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { MAX_BODY_BYTES } from '../../functions/shared/http/body';

/**
 * Hostile requests for the reliability suite's property tests: texts that break decoders and
 * validators, bodies that break parsers, headers that lie. Every generated POST body is invalid on
 * purpose (see `mutatedJson` and `mutatedForm`), so that "nothing stored" is the whole oracle.
 */

const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\ufffe',
  '\uffff',
];

/** Names an attacker tries: prototype keys, store attributes, injections, encodings, our own codes. */
const NASTY = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
  'length',
  'pk',
  'sk',
  'type',
  'gsi2pk',
  'REPORT#',
  'DISPATCH',
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection, as a client would send it
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  '%00',
  '%zz',
  '%ED%A0%80',
  '\\',
  '\\u0000',
  'Uông Bí',
  'UONG-BI-QT5A',
  'QN',
  'theft',
  'A-UONG-BI',
  'vi',
  'en',
  '𝐀𝐁𝐂',
  '𝒜',
  '👨‍👩‍👧‍👦',
  'e\u0301\u0301\u0301',
  '3d9a4f1e-6c2b-4e8d-9f70-1a2b3c4d5e6f',
  'AAAA-BBBB-CCCC-DDDD',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const controlChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(...CONTROL),
);

/** Short texts of every awkward kind: control characters, lone surrogates, combining marks, astral letters. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.string({
      unit: fc.oneof(
        fc.constantFrom('a', 'Đ', 'ư', '\u0301', '😀', '𝐀', ' ', '-', '#', '%'),
        controlChar,
        loneSurrogate,
      ),
      maxLength: 60,
    }),
  },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** Texts from a kilobyte to twice the body limit, in one-, two-, three- and four-byte characters. */
export const longText: fc.Arbitrary<string> = fc
  .record({
    bytes: fc.oneof(
      fc.integer({ min: 1_000, max: 2 * MAX_BODY_BYTES }),
      fc.constantFrom(
        MAX_BODY_BYTES - 64,
        MAX_BODY_BYTES - 1,
        MAX_BODY_BYTES,
        MAX_BODY_BYTES + 1,
        MAX_BODY_BYTES + 64,
      ),
    ),
    char: fc.constantFrom('x', 'ư', 'ệ', '😀', '\u0000', '"', '\\', '\ud800'),
  })
  .map(({ bytes, char }) => char.repeat(Math.max(1, Math.ceil(bytes / Buffer.byteLength(char)))));

const anyText = fc.oneof({ weight: 29, arbitrary: hostileText }, { weight: 1, arbitrary: longText });

/** A JSON value as text, with keys emitted as given: `__proto__`, duplicates and all. */
type Node = null | boolean | number | string | Node[] | { entries: [string, Node][] };

function jsonText(node: Node): string {
  if (node === null || typeof node !== 'object') return JSON.stringify(node) ?? 'null';
  if (Array.isArray(node)) return `[${node.map(jsonText).join(',')}]`;
  // A plain object from a valid request (a report's `contact`), emitted as it is.
  if (!Array.isArray(node.entries))
    return jsonText({ entries: Object.entries(node as Record<string, Node>) });
  return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
}

const hostileKey = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype') },
  { weight: 3, arbitrary: hostileText },
);

const scalar: fc.Arbitrary<Node> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308),
  anyText,
);

const { node: hostileNode } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    { weight: 3, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(tie('node'), { maxLength: 5 }) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(hostileKey, tie('node')), { maxLength: 6 })
        .map((entries) => ({ entries: entries as [string, Node][] })),
    },
  ),
}));

/** A valid JSON value of any shape, with hostile keys and texts. */
export const hostileJson: fc.Arbitrary<string> = hostileNode.map(jsonText);

/** Nesting far deeper than any schema: arrays, objects, or both, thousands of levels down. */
export const deepJson: fc.Arbitrary<string> = fc
  .record({
    depth: fc.integer({ min: 100, max: 12_000 }),
    open: fc.constantFrom('[', '{"a":', '{"__proto__":', '[{"constructor":'),
  })
  .map(({ depth, open }) => {
    const close = [...open]
      .filter((c) => c === '[' || c === '{')
      .reverse()
      .map((c) => (c === '[' ? ']' : '}'));
    return `${open.repeat(depth)}0${close.join('').repeat(depth)}`;
  });

/** Text that is almost JSON: cut short, with a BOM, comments, single quotes, bare words, trailing commas. */
export const brokenJson: fc.Arbitrary<string> = fc.oneof(
  hostileJson.filter((t) => t.length > 1).map((t) => t.slice(0, -1)),
  hostileJson.map((t) => `\ufeff${t}`),
  hostileJson.map((t) => `${t}/* comment */`),
  fc.constantFrom(
    "{'area':'QN'}",
    '{"a":1,}',
    '[1,2,]',
    'NaN',
    'undefined',
    '{"a":Infinity}',
    '{"a":1e99999}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"a":"\\x41"}',
    '{a:1}',
    '{"a"}',
    '"',
    '{',
    '}',
    ' ',
    '\u0000',
    '\ufeff',
  ),
  hostileText,
);

/** A valid JSON object with at least one field of the wrong type (after the valid one, so it wins). */
export function mutatedJson(base: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(base);
  const wrongFor = (value: unknown): fc.Arbitrary<Node> =>
    hostileNode.filter((v) => jsonKind(v) !== jsonKind(value as Node));
  return fc
    .record({
      wrong: fc
        .subarray(keys, { minLength: 1 })
        .chain((ks) => fc.tuple(...ks.map((k) => fc.tuple(fc.constant(k), wrongFor(base[k]))))),
      extra: fc.array(fc.tuple(hostileKey, hostileNode), { maxLength: 3 }),
      extraFirst: fc.boolean(),
    })
    .map(({ wrong, extra, extraFirst }) => {
      const valid = Object.entries(base).map(([k, v]): [string, Node] => [k, v as Node]);
      const entries = extraFirst ? [...extra, ...valid, ...wrong] : [...valid, ...extra, ...wrong];
      return jsonText({ entries: entries as [string, Node][] });
    });
}

function jsonKind(value: Node): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/** Field names no form of ours has, so that a form carrying one is refused whatever else it holds. */
const UNKNOWN_FIELDS = [
  'constructor',
  'prototype',
  'zz-unknown',
  'contact[name]',
  'area[]',
  'contact.phone',
  'toString',
];

const formPart = fc.oneof(
  fc.tuple(hostileKey, anyText).map(([k, v]) => `${encodeFormText(k)}=${encodeFormText(v)}`),
  fc.constantFrom(
    '%zz',
    '=',
    '&',
    '==',
    'a',
    '%',
    '%E',
    '%ED%A0%80=x',
    'x=%C0%AF',
    'x=%FF%FE',
    '+=+',
    'lang=xx',
    'lang=',
  ),
);

/** URL-encodes what encodeURIComponent refuses (lone surrogates) as the replacement character. */
function encodeFormText(text: string): string {
  return new URLSearchParams([['', text]]).toString().slice(1);
}

/** A form: valid fields, then repeated and odd ones, always with one field no form has. */
export function mutatedForm(base: Record<string, string>): fc.Arbitrary<string> {
  return fc
    .record({
      unknown: fc.constantFrom(...UNKNOWN_FIELDS),
      unknownValue: anyText,
      repeats: fc.array(fc.tuple(fc.constantFrom(...Object.keys(base)), anyText), { maxLength: 3 }),
      odd: fc.array(formPart, { maxLength: 4 }),
      order: fc.boolean(),
    })
    .map(({ unknown, unknownValue, repeats, odd, order }) => {
      const valid = new URLSearchParams(base).toString();
      const extra = [
        `${encodeFormText(unknown)}=${encodeFormText(unknownValue)}`,
        ...repeats.map(([k, v]) => `${encodeFormText(k)}=${encodeFormText(v)}`),
        ...odd,
      ];
      return (order ? [valid, ...extra] : [...extra, valid]).join('&');
    });
}

/** Form text of random fields, with no valid base. */
export const hostileForm: fc.Arbitrary<string> = fc
  .array(formPart, { maxLength: 8 })
  .map((parts) => parts.join('&'));

/** Bytes that are not UTF-8: a bad sequence somewhere in random bytes. */
export const invalidUtf8: fc.Arbitrary<Uint8Array> = fc
  .record({
    before: fc.uint8Array({ maxLength: 64 }),
    bad: fc.constantFrom(
      [0xff],
      [0xfe],
      [0xc0, 0xaf],
      [0xc3],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0x80],
    ),
    after: fc.uint8Array({ maxLength: 64 }),
    wrap: fc.constantFrom('', '{"a":"', 'a=', '{"description":"'),
  })
  .map(({ before, bad, after, wrap }) => Uint8Array.from([...Buffer.from(wrap), ...before, ...bad, ...after]))
  // Random neighbours can complete a bad sequence (C2 then 80 is U+0080): keep only what stays invalid.
  .filter((bytes) => !isUtf8(bytes));

export const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=latin1',
  ' application/json ',
];
export const FORM_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'Application/X-WWW-Form-Urlencoded',
];
/** Content types no route takes (undefined: the header is missing). */
export const OTHER_TYPES = [
  undefined,
  '',
  ';',
  'text/plain',
  'text/html',
  'text/json',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/octet-stream',
  'application/jsonx',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/json, text/plain',
  'json',
  '*/*',
  '\u0000',
  'application/x-www-form-urlencoded-x',
];

/** The headers a client may send, all of them allowed to be nonsense. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      accept: fc.oneof(
        fc.constantFrom('application/json', 'text/html', '*/*', 'text/html;q=0', 'text/html;q=abc'),
        hostileText,
      ),
      'accept-language': fc.oneof(fc.constantFrom('vi', 'en', 'en-US,en;q=0.9', 'fr', '*', ''), hostileText),
      'idempotency-key': fc.oneof(fc.uuid(), hostileText),
      'x-altcha': fc.oneof(
        hostileText,
        hostileJson.map((t) => Buffer.from(t).toString('base64')),
      ),
      cookie: hostileText,
      'cloudfront-viewer-address': fc.oneof(
        fc.constantFrom('[::1]:443', '1.2.3.4:', ':', '', 'x:y:z'),
        hostileText,
      ),
      'x-forwarded-for': hostileText,
    },
    { requiredKeys: [] },
  )
  // Header values arrive as Latin-1 text: what a client cannot send, the gateway never hands over.
  .map((headers) =>
    Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('latin1')]),
    ),
  );

/** Query strings: the names our routes read, and others, with hostile values. */
export const hostileQuery: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'q',
          'parent',
          'next',
          'area',
          'box',
          'lang',
          'cursor',
          'status',
          'id',
          'token',
          'from',
          'to',
        ),
        hostileKey,
      ),
      fc.oneof(
        fc.constantFrom(
          'UONG-BI-QT5A',
          'UONG-BI',
          'QN',
          'NOPE',
          'report',
          'suggestion',
          'contacts',
          'vi',
          'en',
          'A-UONG-BI',
        ),
        hostileText,
        longText.map((t) => t.slice(0, 5000)),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => {
    // Object.fromEntries keeps `__proto__` as an own key, as JSON.parse of the Lambda event does.
    return Object.fromEntries(pairs);
  });

/** A path parameter: anything but empty, as the HTTP API never matches an empty segment. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  hostileText.filter((t) => t !== ''),
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
    minLength: 20,
    maxLength: 40,
  }),
  longText.map((t) => t.slice(0, 3000)),
);
