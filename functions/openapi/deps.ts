import { deployment } from '../shared/config';
import { once } from '../shared/once';

/** What the document's handler needs of the province: its address, and its limits. No client. */
export const deps = once(() => {
  const { province } = deployment();
  return { baseUrl: province.baseUrl, limits: province.rateLimits };
});
