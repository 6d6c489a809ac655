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

/**
 * A closed loop of `concurrency` clients, each sending its next request as soon as the last one is
 * answered, for `durationMs` after `warmupMs` (whose requests are not counted). The same loop
 * drives the gateway and the raw store, so that both figures carry the same client cost.
 */
export async function closedLoop(options: {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  expectStatus: number;
  request: (sequence: number) => LoadRequest;
}): Promise<LoadResult> {
  let sequence = 0;
  const latencies: number[] = [];
  const unexpected: Record<string, number> = {};
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;

  const client = async () => {
    while (performance.now() < stopAt) {
      const req = options.request(sequence++);
      const sent = performance.now();
      let status: string;
      try {
        const res = await fetch(req.url, {
          method: req.method,
          headers: req.headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        await res.arrayBuffer();
        status = String(res.status);
      } catch (error) {
        status = (error as Error).name;
      }
      const done = performance.now();
      if (sent < measureFrom || done > stopAt) continue;
      latencies.push(done - sent);
      if (status !== String(options.expectStatus)) unexpected[status] = (unexpected[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return {
    requests: latencies.length,
    perSecond: latencies.length / (options.durationMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    unexpected,
  };
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
