/**
 * One JSON line per event, to stdout (CloudWatch on AWS). Callers pass only what is safe to keep:
 * never report text, phone numbers, receipts, IP addresses or user agents.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);
let minLevel: Level = (process.env.TUQUAN_LOG_LEVEL as Level | undefined) ?? 'info';
const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function write(level: Level, message: string, fields: Fields): void {
  if (order[level] < order[minLevel]) return;
  sink(JSON.stringify({ level, time: new Date().toISOString(), message, ...fields }));
}

export const log = {
  debug: (message: string, fields: Fields = {}) => write('debug', message, fields),
  info: (message: string, fields: Fields = {}) => write('info', message, fields),
  warn: (message: string, fields: Fields = {}) => write('warn', message, fields),
  error: (message: string, fields: Fields = {}) => write('error', message, fields),
};

/** Tests and the local runtime redirect or silence the log. */
export function setLogSink(next: (line: string) => void, level: Level = minLevel): void {
  sink = next;
  minLevel = level;
}

/** Names an error without its message: SDK messages can echo request values. */
export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}
