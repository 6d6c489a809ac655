import { configurePublicGetLimit } from './http/rate-limit';
import { type Clock, systemClock } from './ports';
import { type Province, parseDeployedProvince } from './province';
import { type Secrets, secretsFromEnv } from './secrets';
import { createDocumentClient, type Store } from './store/client';

/**
 * What every function reads from its environment, once, at start-up: four variables, checked by hand
 * (a schema library would cost more at every cold start than the checks themselves).
 */
export interface Env {
  table: string;
  provinceJson: string;
  region: string;
  /** Only locally and in tests: the DynamoDB-API server to talk to. */
  endpoint: string | undefined;
}

export function readEnv(env: NodeJS.ProcessEnv): Env {
  const problems: string[] = [];
  const table = env.TUQUAN_TABLE ?? '';
  if (!table) problems.push('TUQUAN_TABLE (the DynamoDB table name)');
  const provinceJson = env.TUQUAN_PROVINCE ?? '';
  if (provinceJson.length < 2) problems.push('TUQUAN_PROVINCE (the province config as JSON)');
  const region = env.AWS_REGION ?? 'ap-southeast-1';
  if (!region) problems.push('AWS_REGION (empty)');
  const endpoint = env.TUQUAN_DYNAMODB_ENDPOINT;
  if (endpoint !== undefined && !(URL.canParse(endpoint) && /^https?:$/.test(new URL(endpoint).protocol)))
    problems.push('TUQUAN_DYNAMODB_ENDPOINT (an http(s) URL)');
  if (problems.length > 0) throw new Error(`tuquan: missing or invalid environment: ${problems.join(', ')}`);
  return { table, provinceJson, region, endpoint };
}

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
  const config = readEnv(env);
  let provinceJson: unknown;
  try {
    provinceJson = JSON.parse(config.provinceJson);
  } catch {
    throw new Error('tuquan: TUQUAN_PROVINCE is not valid JSON');
  }
  const province = parseDeployedProvince(provinceJson, 'TUQUAN_PROVINCE');
  configurePublicGetLimit(province.rateLimits.publicGetsPerMinute);
  return {
    province,
    store: {
      doc: createDocumentClient({ region: config.region, endpoint: config.endpoint }),
      table: config.table,
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
