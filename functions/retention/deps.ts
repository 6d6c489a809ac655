import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import type { EraseDuePorts } from './erase-due';
import { retentionStore } from './store';

/** The retention job's ports, made once per process. */
export const deps = once((): EraseDuePorts => {
  const { store, clock, province } = runtime();
  return { retention: retentionStore(store), clock, policy: province.retention };
});
