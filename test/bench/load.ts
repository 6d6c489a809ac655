import { percentile } from './stats';

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers with another status than the one expected, by status. */
  unexpected: Record<string, number>;
}

interface Sample {
  latencies: number[];
  unexpected: Record<string, number>;
}

/** One request of a loop: the status it was answered with (an error's name when it failed). */
type Attempt = () => Promise<string>;

/** A LoadRequest sent with fetch, its answer read whole. */
const fetchAttempt =
  (request: () => LoadRequest): Attempt =>
  async () => {
    const req = request();
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    await res.arrayBuffer();
    return String(res.status);
  };

/**
 * A closed loop of `concurrency` clients, each sending its next request as soon as the last one is
 * answered, for `durationMs`; answers that come after the end are not counted.
 */
async function closedLoop(options: {
  concurrency: number;
  durationMs: number;
  expectStatus: number;
  attempt: Attempt;
}): Promise<Sample> {
  const latencies: number[] = [];
  const unexpected: Record<string, number> = {};
  const stopAt = performance.now() + options.durationMs;

  const client = async () => {
    while (performance.now() < stopAt) {
      const sent = performance.now();
      let status: string;
      try {
        status = await options.attempt();
      } catch (error) {
        status = (error as Error).name;
      }
      const done = performance.now();
      if (done > stopAt) continue;
      latencies.push(done - sent);
      if (status !== String(options.expectStatus)) unexpected[status] = (unexpected[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return { latencies, unexpected };
}

/**
 * One loop of `inTurns`: each client sends a `request` (with fetch), or runs a `call` that resolves
 * to the HTTP status it got (e.g. a command through the AWS SDK; a rejection counts as its error's name).
 */
export type Loop = {
  expectStatus: number;
  /** Runs before each of this loop's turns (its warm-up included), after the previous turn's `between`. */
  before?: () => Promise<void>;
} & ({ request: () => LoadRequest; call?: never } | { call: () => Promise<number>; request?: never });

const attemptOf = (loop: Loop): Attempt => {
  if (loop.request) return fetchAttempt(loop.request);
  const call = loop.call;
  return async () => String(await call());
};

/**
 * Several closed loops measured in turns of `sliceMs` (A, B, A, B, …) after one warm-up turn each,
 * so that a busy moment of a shared machine falls on every loop alike; `between` runs after each
 * turn (to let the system settle). The same client code drives every loop, so that all figures
 * carry the same client cost.
 */
export async function inTurns(
  loops: readonly Loop[],
  options: {
    concurrency: number;
    warmupMs: number;
    sliceMs: number;
    slices: number;
    between?: () => Promise<void>;
  },
): Promise<LoadResult[]> {
  const samples: Sample[][] = loops.map(() => []);
  for (const loop of loops) {
    await loop.before?.();
    await closedLoop({
      expectStatus: loop.expectStatus,
      attempt: attemptOf(loop),
      concurrency: options.concurrency,
      durationMs: options.warmupMs,
    });
    await options.between?.();
  }
  for (let slice = 0; slice < options.slices; slice++)
    for (const [i, loop] of loops.entries()) {
      await loop.before?.();
      samples[i]?.push(
        await closedLoop({
          expectStatus: loop.expectStatus,
          attempt: attemptOf(loop),
          concurrency: options.concurrency,
          durationMs: options.sliceMs,
        }),
      );
      await options.between?.();
    }
  const seconds = (options.slices * options.sliceMs) / 1000;
  return samples.map((taken) => {
    const latencies = taken.flatMap((s) => s.latencies);
    const unexpected: Record<string, number> = {};
    for (const s of taken)
      for (const [status, n] of Object.entries(s.unexpected))
        unexpected[status] = (unexpected[status] ?? 0) + n;
    return {
      requests: latencies.length,
      perSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      unexpected,
    };
  });
}

/**
 * A DynamoDB API request as the SDK would send it, without the SDK: dynalite checks that the
 * signature's parts are there, not the signature itself. The same wire format the handlers' client uses.
 */
export function dynamoRequest(endpoint: string, operation: string, input: unknown): LoadRequest {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return {
    url: endpoint,
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      'x-amz-date': date,
      authorization: `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
    },
    body: JSON.stringify(input),
  };
}
