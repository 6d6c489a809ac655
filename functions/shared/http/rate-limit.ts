import { createHmac, randomBytes } from 'node:crypto';

/**
 * Per-client limits kept in memory only: a client is a keyed hash of its address, the key random
 * per process, so nothing that identifies a person is ever written down, and the map forgets every
 * client within two minutes. On AWS this holds per container; the WAF's rate rule (optional, in the
 * province config) and the HTTP API's route throttling stand in front of it.
 */
export class RateLimiter {
  private readonly key = randomBytes(32);
  private windowStart = 0;
  private counts = new Map<string, number>();
  private previous = new Map<string, number>();

  /** A stand-in for an address, good for this process only. */
  clientKey(address: string): string {
    return createHmac('sha256', this.key).update(address).digest('base64url').slice(0, 16);
  }

  /**
   * Counts one request of `client` in `bucket`; undefined when allowed, else the seconds to wait.
   * A sliding estimate over two fixed one-minute windows, so a burst across a window edge is not
   * twice the limit.
   */
  take(bucket: string, client: string, perMinute: number, nowMs: number): number | undefined {
    const wait = this.wait(bucket, client, perMinute, nowMs);
    if (wait === undefined) {
      const id = `${bucket}:${client}`;
      this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    }
    return wait;
  }

  /** What `take` would answer, without counting: for limits on failures, checked before the work. */
  wait(bucket: string, client: string, perMinute: number, nowMs: number): number | undefined {
    const minute = Math.floor(nowMs / 60_000) * 60_000;
    if (minute !== this.windowStart) {
      this.previous = minute - this.windowStart === 60_000 ? this.counts : new Map();
      this.counts = new Map();
      this.windowStart = minute;
    }
    const id = `${bucket}:${client}`;
    const weight = 1 - (nowMs - minute) / 60_000;
    const estimate = (this.counts.get(id) ?? 0) + (this.previous.get(id) ?? 0) * weight;
    if (estimate + 1 > perMinute) return Math.max(1, Math.ceil((minute + 60_000 - nowMs) / 1000));
    return undefined;
  }
}

/** One limiter per process (per Lambda container; the whole local runtime), shared by every route. */
export const processLimiter = new RateLimiter();
