import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Forbidden } from '../errors';
import { once } from '../once';

/**
 * The header CloudFront adds to every request it sends the API (an origin custom header; a viewer's own
 * header of that name is overwritten). A request without the right value did not come through the
 * province's distribution: someone called the `execute-api` address directly, where any header can lie.
 */
export const ORIGIN_HEADER = 'x-origin-verify';

/** The origin secret's JSON keys: CloudFront sends one, the functions accept both (rotation, ADR 0014). */
const ORIGIN_SLOTS = ['a', 'b'] as const;

/** A slot shorter than this is unset, never accepted. */
const MIN_VALUE_CHARS = 32;
/** How long a process trusts its copy of the secret. */
const KEEP_MS = 5 * 60_000;
/** An unknown value makes the process read the secret again, at most this often (a rotation shows within it). */
const REREAD_AFTER_MS = 30_000;

export interface OriginCheck {
  /** True when `value` is one of the secret's current values. */
  accepts(value: string | undefined): Promise<boolean>;
}

/** Checks against values loaded by `load` (Secrets Manager on AWS), kept a while and re-read when a rotation shows. */
export function originCheck(load: () => Promise<string[]>, now: () => number = Date.now): OriginCheck {
  let values: Buffer[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  const read = () => {
    reading ??= load()
      .then((loaded) => {
        values = loaded.filter((v) => v.length >= MIN_VALUE_CHARS).map((v) => Buffer.from(v, 'utf8'));
        readAt = now();
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  const matches = (value: Buffer) =>
    values.some((v) => v.length === value.length && timingSafeEqual(v, value));
  return {
    async accepts(value) {
      if (now() - readAt > KEEP_MS) await read();
      if (!value) return false;
      const given = Buffer.from(value, 'utf8');
      if (matches(given)) return true;
      if (now() - readAt < REREAD_AFTER_MS) return false;
      await read();
      return matches(given);
    },
  };
}

/** The origin secret from Secrets Manager: `{"a": "…", "b": "…"}`, its client loaded on first use. */
function secretsManagerValues(secretArn: string): () => Promise<string[]> {
  let client: import('@aws-sdk/client-secrets-manager').SecretsManagerClient | undefined;
  return async () => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    client ??= new SecretsManagerClient({});
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const json = JSON.parse(out.SecretString ?? '{}') as Record<string, unknown>;
    return ORIGIN_SLOTS.map((slot) => json[slot]).filter((v): v is string => typeof v === 'string');
  };
}

/**
 * On AWS (TUQUAN_ORIGIN_SECRET_ARN set by the Api construct) every request must prove it came through
 * CloudFront; locally there is no CloudFront, and the client is the connection's own address.
 */
const checkFromEnv = once((): OriginCheck | undefined => {
  const arn = process.env.TUQUAN_ORIGIN_SECRET_ARN;
  return arn ? originCheck(secretsManagerValues(arn)) : undefined;
});

/**
 * The client's address for the in-memory limits, from what the platform vouches for: behind the
 * verified distribution, the viewer's address CloudFront puts in CloudFront-Viewer-Address ("ip:port");
 * without a distribution (locally), the connection's own address. A header is never trusted otherwise,
 * X-Forwarded-For never. Throws Forbidden for a request that skipped CloudFront.
 */
export async function clientAddress(
  event: APIGatewayProxyEventV2,
  check: OriginCheck | undefined = checkFromEnv(),
): Promise<string> {
  if (!check) return event.requestContext.http.sourceIp;
  if (!(await check.accepts(event.headers?.[ORIGIN_HEADER]))) throw new Forbidden();
  const viewer = event.headers?.['cloudfront-viewer-address'];
  if (!viewer) return event.requestContext.http.sourceIp;
  const colon = viewer.lastIndexOf(':');
  return colon > 0 ? viewer.slice(0, colon) : viewer;
}
