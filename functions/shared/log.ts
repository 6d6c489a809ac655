import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One JSON line per event, to stdout (CloudWatch on AWS). Callers pass only what is safe to keep:
 * never report text, phone numbers, receipts, IP addresses or user agents.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);
let minLevel: Level = (process.env.TUQUAN_LOG_LEVEL as Level | undefined) ?? 'info';
const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * The ids of the invocation a line belongs to: the API's request id (the access log's `requestId`) and
 * Lambda's, so that a 5xx is matched with its access-log line. Per async context, not per module: the
 * local gateway runs many requests of one handler at once in one process.
 */
export interface RequestIds {
  requestId?: string;
  lambdaRequestId?: string;
}
const context = new AsyncLocalStorage<RequestIds>();

/** Runs `fn` with every line it logs carrying `ids`. */
export function withRequestIds<T>(ids: RequestIds, fn: () => T): T {
  return context.run(ids, fn);
}

function write(level: Level, message: string, fields: Fields): void {
  if (order[level] < order[minLevel]) return;
  sink(JSON.stringify({ level, time: new Date().toISOString(), message, ...context.getStore(), ...fields }));
}

export const log = {
  debug: (message: string, fields: Fields = {}) => write('debug', message, fields),
  info: (message: string, fields: Fields = {}) => write('info', message, fields),
  warn: (message: string, fields: Fields = {}) => write('warn', message, fields),
  error: (message: string, fields: Fields = {}) => write('error', message, fields),
};

/** A business figure for CloudWatch: counts, or milliseconds. */
export type MetricName =
  | 'ReportsReceived'
  | 'SuggestionsReceived'
  | 'SmsSent'
  | 'SmsFailed'
  | 'SmsCapped'
  | 'SmsHeld'
  | 'TimeToAcknowledge'
  | 'ContactsErased';

let namespace = 'tuquan';

/** Set once at start-up from the province (`tuquan/<province id>`), so provinces sharing an account stay apart. */
export function setMetricNamespace(next: string): void {
  namespace = next;
}

/**
 * One CloudWatch embedded-metric line (EMF): CloudWatch Logs turns it into a metric, no API call and no
 * client. Written by hand: Powertools' Logger and Metrics cost about 25 ms more at every cold start,
 * which the handlers' budget has no room for (ADR 0014). No dimension carries personal data.
 */
export function metric(name: MetricName, value: number, unit: 'Count' | 'Milliseconds' = 'Count'): void {
  if (order.info < order[minLevel]) return;
  sink(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          { Namespace: namespace, Dimensions: [[]], Metrics: [{ Name: name, Unit: unit }] },
        ],
      },
      [name]: value,
      ...context.getStore(),
    }),
  );
}

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
