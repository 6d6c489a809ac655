import { deps as abuseDeps } from '../abuse/deps';
import { getArea } from '../areas/store';
import { getCategory } from '../categories/store';
import { cacheFound } from '../shared/cache';
import { once } from '../shared/once';
import { newReceipt } from '../shared/receipts';
import { runtime } from '../shared/runtime';
import { sleep } from '../shared/submit-once';
import { reportStore } from './store';
import type { SubmitReportPorts } from './submit';

/**
 * The report intake's ports, made once per process. Places and categories change only when the
 * province imports data: a found one is cached for a minute (shared/cache.ts).
 */
export const deps = once(() => {
  const { store, clock, secrets, province } = runtime();
  const submit: SubmitReportPorts = {
    areas: { getArea: cacheFound((code) => getArea(store, code), { ttlMs: 60_000 }) },
    categories: { getCategory: cacheFound((code) => getCategory(store, code), { ttlMs: 60_000 }) },
    // One write stores, lists and queues a report; the dispatcher counts it for the figures (functions/stats).
    reports: reportStore(store, province.retention),
    secrets,
    clock,
    newReceipt,
    sleep,
  };
  return { submit, guard: abuseDeps().guard, timeZone: province.timeZone };
});
