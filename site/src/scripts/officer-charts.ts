/**
 * The figures page's charts as SVG text, with no DOM, so that they are built the same in the page
 * and in tests. Readable without colour: this period is a solid bar, last year a hatched outline, a
 * legend says which is which, every bar carries its number, and a table beside each chart holds the
 * same figures. All text is escaped; nothing here runs script or carries a style attribute (CSP).
 * A chart is drawn for the width it is shown at (one SVG unit a CSS pixel), so that its text keeps the
 * page's font size on a phone instead of shrinking with the drawing.
 */
export interface PairRow {
  label: string;
  now: number;
  before: number;
}

export interface ChartWords {
  title: string;
  now: string;
  before: string;
  format(n: number): string;
}

const INK = '#0b4f8a';
const WIDTH = 640;
const LABEL = 200;
/** Room after a bar for its number. */
const NUMBER = 80;

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function short(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

function hatch(id: string, angle: number): string {
  return `<pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(${angle})"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${INK}" stroke-width="2.5"/></pattern>`;
}

function open(id: string, width: number, height: number, title: string, defs: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t"><title id="${id}-t">${esc(title)}</title><defs>${defs}</defs>`;
}

/** A drawable width: whole pixels, at least a small phone's column (a hidden box measures 0). */
const widthOf = (width: number) => Math.max(240, Math.round(width));

function legend(id: string, words: ChartWords, x: number): string {
  return (
    `<g class="legend"><rect x="0" y="4" width="16" height="16" fill="${INK}"/>` +
    `<text x="22" y="17">${esc(words.now)}</text>` +
    `<rect x="${x}" y="4" width="16" height="16" fill="url(#${id}-h)" stroke="${INK}"/>` +
    `<text x="${x + 22}" y="17">${esc(words.before)}</text></g>`
  );
}

/**
 * Horizontal bars in pairs, one pair a row: this period (solid) above the same period last year
 * (hatched). `width` is the width it is shown at, in CSS pixels: on a phone the label column narrows
 * (its names shortened, the table beside keeps them whole) and the legend's second entry moves in.
 */
export function pairedBars(id: string, rows: readonly PairRow[], words: ChartWords, width?: number): string {
  const w = widthOf(width ?? WIDTH);
  const label = Math.min(LABEL, Math.round(w * 0.4));
  const top = 32;
  const rowHeight = 40;
  const height = top + rows.length * rowHeight + 4;
  const max = Math.max(1, ...rows.flatMap((r) => [r.now, r.before]));
  const scale = (n: number) => Math.round((n / max) * (w - label - NUMBER));
  let body = legend(id, words, Math.min(260, w / 2));
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const now = scale(row.now);
    const before = scale(row.before);
    body +=
      `<g><title>${esc(`${row.label}: ${words.format(row.now)} / ${words.format(row.before)}`)}</title>` +
      // Up to 9 px a character at the charts' 13 px (Vietnamese letters with their marks are wide).
      `<text x="${label - 8}" y="${y + 22}" text-anchor="end">${esc(short(row.label, Math.floor(label / 9)))}</text>` +
      `<rect x="${label}" y="${y + 4}" width="${now}" height="14" fill="${INK}"/>` +
      `<text x="${label + now + 6}" y="${y + 16}">${esc(words.format(row.now))}</text>` +
      `<rect x="${label}" y="${y + 20}" width="${before}" height="14" fill="url(#${id}-h)" stroke="${INK}"/>` +
      `<text x="${label + before + 6}" y="${y + 32}">${esc(words.format(row.before))}</text></g>`;
  });
  return `${open(id, w, height, words.title, hatch(`${id}-h`, 45))}${body}</svg>`;
}

/**
 * One share on a 0–100 % scale, with the goal as a hatched band and labelled ends: "is it within
 * the goal?" at a glance. No value (nothing to divide by) draws the scale and the goal only.
 */
export function shareBar(
  id: string,
  value: number | null,
  goal: { from: number; to: number },
  words: { title: string; goal: string; format(n: number): string },
  width?: number,
): string {
  const w = widthOf(width ?? WIDTH);
  const left = 20;
  const span = w - 60;
  const x = (p: number) => left + Math.round((p / 100) * span);
  // A goal on the right half is labelled from its right end leftwards, so that it stays inside on a phone.
  const [at, anchor] = goal.from > 50 ? [x(goal.to), 'end'] : [x(goal.from), 'start'];
  let body =
    `<rect x="${x(goal.from)}" y="8" width="${x(goal.to) - x(goal.from)}" height="44" fill="url(#${id}-h)" stroke="${INK}"/>` +
    `<text x="${at}" y="68" text-anchor="${anchor}">${esc(`${words.goal} ${words.format(goal.from)}–${words.format(goal.to)}`)}</text>`;
  if (value !== null) {
    body +=
      `<rect x="${left}" y="20" width="${x(value) - left}" height="20" fill="${INK}"/>` +
      // Its number above the bar's end, on the side where it fits.
      `<text x="${x(value)}" y="16" text-anchor="${value < 50 ? 'start' : 'end'}">${esc(words.format(value))}</text>`;
  }
  for (const tick of [0, 25, 50, 75, 100]) {
    body += `<line x1="${x(tick)}" y1="52" x2="${x(tick)}" y2="56" stroke="#1b1b1b"/><text x="${x(tick)}" y="90" text-anchor="middle">${esc(words.format(tick))}</text>`;
  }
  body += `<line x1="${left}" y1="52" x2="${x(100)}" y2="52" stroke="#1b1b1b"/>`;
  return `${open(id, w, 96, words.title, hatch(`${id}-h`, -45))}${body}</svg>`;
}
