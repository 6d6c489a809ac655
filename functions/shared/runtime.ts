import { deployment } from './config';
import { setMetricNamespace } from './log';
import { type Clock, systemClock } from './ports';
import type { Province } from './province';
import { type Secrets, secretsFromEnv } from './secrets';
import { createDocumentClient, type Store } from './store/client';

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
  const { settings, province } = deployment();
  setMetricNamespace(`tuquan/${province.id}`);
  return {
    province,
    store: {
      doc: createDocumentClient({ region: settings.region, endpoint: settings.endpoint }),
      table: settings.table,
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
