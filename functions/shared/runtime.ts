import * as z from 'zod';
import { configurePublicGetLimit } from './http/rate-limit';
import { type Clock, systemClock } from './ports';
import { type Province, parseDeployedProvince } from './province';
import { type Secrets, secretsFromEnv } from './secrets';
import { createDocumentClient, type Store } from './store/client';

/** What every function reads from its environment, once, at start-up. */
const EnvSchema = z.object({
  TUQUAN_TABLE: z.string().min(1, 'the DynamoDB table name'),
  TUQUAN_PROVINCE: z.string().min(2, 'the province config as JSON'),
  AWS_REGION: z.string().min(1).default('ap-southeast-1'),
  /** Only locally and in tests: the DynamoDB-API server to talk to. */
  TUQUAN_DYNAMODB_ENDPOINT: z.url().optional(),
});

export interface Runtime {
  province: Province;
  store: Store;
  clock: Clock;
  /** The server secret's derived keys (receipts, acknowledge links, idempotency); read on first use. */
  secrets: Secrets;
}

let current: Runtime | undefined;
let clockOverride: Clock | undefined;

function load(env: NodeJS.ProcessEnv): Runtime {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')} (${i.message})`).join(', ');
    throw new Error(`tuquan: missing or invalid environment: ${names}`);
  }
  let provinceJson: unknown;
  try {
    provinceJson = JSON.parse(parsed.data.TUQUAN_PROVINCE);
  } catch {
    throw new Error('tuquan: TUQUAN_PROVINCE is not valid JSON');
  }
  const province = parseDeployedProvince(provinceJson, 'TUQUAN_PROVINCE');
  configurePublicGetLimit(province.rateLimits.publicGetsPerMinute);
  return {
    province,
    store: {
      doc: createDocumentClient({
        region: parsed.data.AWS_REGION,
        endpoint: parsed.data.TUQUAN_DYNAMODB_ENDPOINT,
      }),
      table: parsed.data.TUQUAN_TABLE,
    },
    clock: { now: () => (clockOverride ?? systemClock).now() },
    secrets: secretsFromEnv(env),
  };
}

/**
 * The composition root: config and clients are made once per process (per Lambda container, or
 * once for the whole local runtime) and shared by every handler in it.
 */
export function runtime(): Runtime {
  current ??= load(process.env);
  return current;
}

/** The local runtime moves time forward (POST /_local/clock); nothing on AWS calls this. */
export function overrideClock(clock: Clock): void {
  clockOverride = clock;
}
