import { once } from './once';
import { type Province, parseDeployedProvince } from './province';

/**
 * What every function reads from its environment, once, at start-up: four variables, checked by hand
 * (a schema library would cost more at every cold start than the checks themselves).
 */
export interface Settings {
  table: string;
  provinceJson: string;
  region: string;
  /** Only locally and in tests: the DynamoDB-API server to talk to. */
  endpoint: string | undefined;
}

export function readEnv(env: NodeJS.ProcessEnv): Settings {
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

/**
 * The function's settings and its province, read from the environment once per process and checked,
 * failing fast with every wrong variable or field named. No client is made here: the HTTP layer reads
 * the province's limits without loading the AWS SDK (runtime.ts makes the clients).
 */
export const deployment = once((): { settings: Settings; province: Province } => {
  const settings = readEnv(process.env);
  let provinceJson: unknown;
  try {
    provinceJson = JSON.parse(settings.provinceJson);
  } catch {
    throw new Error('tuquan: TUQUAN_PROVINCE is not valid JSON');
  }
  return { settings, province: parseDeployedProvince(provinceJson, 'TUQUAN_PROVINCE') };
});
