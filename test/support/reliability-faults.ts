import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import type { Snapshot } from './reliability-store';

/**
 * Store faults for the reliability suite: the real store (dynalite or DynamoDB Local) behind a spy on
 * the handlers' own document client, which fails the calls a plan names. A fault is thrown where the
 * SDK would throw it, after its own retries: the errors are shaped as the SDK shapes them.
 */
const serviceError = (name: string, fault: 'client' | 'server', status: number) => () =>
  Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status, attempts: 3 } });

const STORE_FAULTS = {
  throttling: serviceError('ThrottlingException', 'client', 400),
  'throughput exceeded': serviceError('ProvisionedThroughputExceededException', 'client', 400),
  'request limit exceeded': serviceError('RequestLimitExceeded', 'client', 400),
  'internal server error (500)': serviceError('InternalServerError', 'server', 500),
  'service unavailable (503)': serviceError('ServiceUnavailable', 'server', 503),
  timeout: () => Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' }),
  'connection reset': () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
} satisfies Record<string, () => Error>;

export type StoreFaultName = keyof typeof STORE_FAULTS;
export const STORE_FAULT_NAMES = Object.keys(STORE_FAULTS) as StoreFaultName[];

type Command = { constructor: { name: string }; input: Record<string, unknown> };

const prefix = (value: unknown) => String(value ?? '').split('#')[0] ?? '';

/**
 * What a store call does, without the values of one request: `Put REPORT/REPORT`, `Get IDEM/IDEM`,
 * `Update STATS/MONTH`, `Query gsi2 DISPATCH`. The plans of the fault matrix name calls this way.
 */
function signatureOf(command: Command): string {
  const op = command.constructor.name.replace(/Command$/, '');
  const input = command.input;
  const key = (input.Item ?? input.Key) as Record<string, unknown> | undefined;
  if (key) return `${op} ${prefix(key.pk)}/${prefix(key.sk)}`;
  if (op === 'Query') {
    const values = Object.values((input.ExpressionAttributeValues ?? {}) as Record<string, unknown>);
    return `Query ${String(input.IndexName ?? 'table')} ${prefix(values[0])}`;
  }
  return op;
}

export const isWrite = (signature: string) => /^(Put|Update|Delete|BatchWrite)\b/.test(signature);

/** The table's item type for a signature's keys, read from a snapshot (`Update STATS/MONTH` → stats). */
export function typeOfSignature(signature: string, items: Snapshot): string | undefined {
  const keys = signature.split(' ')[1];
  for (const item of items.values()) {
    if (`${prefix(item.pk)}/${prefix(item.sk)}` === keys) return String(item.type);
  }
  return undefined;
}

export interface StoreFaultPlan {
  /** The call to fail: its signature and which of the calls with that signature (1 = the first). */
  target: string;
  occurrence?: number;
  fault: StoreFaultName;
  /** The write reaches the store and only its answer is lost (a timeout after the request left). */
  applied?: boolean;
  /** The store stays down from that call on: every later call fails the same way. */
  persistent?: boolean;
  /**
   * The process dies at that call instead (a Lambda timeout, an out-of-memory kill): the call never
   * returns, so nothing after it in that run ever happens. With `applied`, the write lands first.
   */
  crash?: boolean;
}

export interface StoreTap {
  /** Every call seen, by signature, in order. */
  calls: string[];
  fired(): boolean;
  /** Waits for calls still in flight: a handler may answer before writes it gave up on have landed. */
  settled(): Promise<void>;
  restore(): void;
}

/** Watches (and, with a plan, fails) the calls of a document client. */
export function tapStore(doc: DynamoDBDocumentClient, plan?: StoreFaultPlan): StoreTap {
  const original = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  const calls: string[] = [];
  const inFlight: Promise<unknown>[] = [];
  let seen = 0;
  let fired = false;
  const spy = vi.spyOn(doc, 'send').mockImplementation(((command: Command) => {
    const signature = signatureOf(command);
    calls.push(signature);
    const hit =
      plan !== undefined &&
      (fired ? plan.persistent === true : signature === plan.target && ++seen === (plan.occurrence ?? 1));
    if (hit) fired = true;
    if (hit && plan?.crash) {
      const landed = plan.applied ? original(command) : Promise.resolve();
      inFlight.push(landed);
      return landed.then(() => new Promise(() => undefined));
    }
    const call = (async () => {
      if (!hit) return original(command);
      if (plan?.applied) await original(command);
      throw STORE_FAULTS[plan?.fault ?? 'timeout']();
    })();
    inFlight.push(call);
    return call;
  }) as never);
  return {
    calls,
    fired: () => fired,
    settled: async () => {
      await Promise.allSettled(inFlight);
    },
    restore: () => spy.mockRestore(),
  };
}

/** The distinct calls of a sequence, each with its occurrence: what a fault matrix walks. */
export function targetsOf(calls: readonly string[]): { target: string; occurrence: number }[] {
  const seen = new Map<string, number>();
  return calls.map((target) => {
    const occurrence = (seen.get(target) ?? 0) + 1;
    seen.set(target, occurrence);
    return { target, occurrence };
  });
}
