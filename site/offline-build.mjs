import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * What the build adds for the site without signal, once astro has written its files: the PNG icons
 * of the manifests, then the service worker (/sw.js) with the list of files it keeps and a version
 * that is a hash of every built file, so that any change to the site makes a new cache.
 */
export function offline() {
  return {
    name: 'tuquan-offline',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const out = fileURLToPath(dir);
        for (const size of [192, 512]) writeFileSync(join(out, `icon-${size}.png`), icon(size));
        await writeWorker(out);
      },
    },
  };
}

const WORKER = fileURLToPath(new URL('./src/scripts/offline-worker.ts', import.meta.url));
/** Not part of the site a phone keeps: the worker itself and the build's own marks. */
const LEFT_OUT = new Set(['sw.js', '.build-stamp', '.province']);
const OFFICER = /^(en\/)?officer\//;

function files(root, dir = root) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(root, path);
    const name = relative(root, path).split('\\').join('/');
    return LEFT_OUT.has(name) ? [] : [name];
  });
}

/** The public pages and every local file they link or import (scripts, their chunks, CSS, icons, manifest). */
export function precacheList(out) {
  const all = files(out);
  const pages = all.filter((f) => f.endsWith('index.html') && !OFFICER.test(f));
  const keep = new Set(pages.map((f) => `/${f.replace(/index\.html$/, '')}`));
  const visit = (url) => {
    const file = url.slice(1);
    if (keep.has(url) || !all.includes(file)) return;
    keep.add(url);
    if (file.endsWith('.js')) {
      for (const m of readFileSync(join(out, file), 'utf8').matchAll(
        /(?:import|from)\s*["']([^"']+\.js)["']/g,
      )) {
        visit(posix.join(posix.dirname(url), m[1]));
      }
    }
  };
  for (const page of pages) {
    const html = readFileSync(join(out, page), 'utf8');
    for (const m of html.matchAll(/\s(?:src|href)="?(\/[^"\s>?#]+)/g)) visit(m[1]);
  }
  for (const icon of ['/icon.svg', '/icon-192.png', '/icon-512.png']) visit(icon);
  return [...keep].sort();
}

/** A hash of every built file's name and bytes (the worker and the build's marks left out). */
export function siteVersion(out) {
  const hash = createHash('sha256');
  for (const file of files(out).sort()) hash.update(`${file}\0`).update(readFileSync(join(out, file)));
  return hash.digest('hex').slice(0, 16);
}

async function writeWorker(out) {
  const version = siteVersion(out);
  await build({
    entryPoints: [WORKER],
    outfile: join(out, 'sw.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'silent',
    define: { VERSION: JSON.stringify(version), PRECACHE: JSON.stringify(precacheList(out)) },
  });
}

// The icon: the site's blue, a white shield with a tick, drawn inside the maskable safe zone.
const SHIELD = [
  [256, 88],
  [408, 140],
  [400, 280],
  [372, 352],
  [320, 408],
  [256, 440],
  [192, 408],
  [140, 352],
  [112, 280],
  [104, 140],
];
const TICK = [
  [196, 262],
  [232, 298],
  [320, 210],
  [344, 234],
  [232, 346],
  [172, 286],
];
const BLUE = [0x0b, 0x4f, 0x8a];

function inside(polygon, x, y) {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A square PNG of the icon, 2×2 samples a pixel for smooth edges. */
export function icon(size) {
  const rows = Buffer.alloc(size * (1 + size * 3));
  const scale = 512 / size;
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    for (let x = 0; x < size; x++) {
      let white = 0;
      for (const [dx, dy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ]) {
        const px = (x + dx) * scale;
        const py = (y + dy) * scale;
        if (inside(SHIELD, px, py) && !inside(TICK, px, py)) white++;
      }
      for (let c = 0; c < 3; c++)
        rows[row + 1 + x * 3 + c] = Math.round(BLUE[c] + ((255 - BLUE[c]) * white) / 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
