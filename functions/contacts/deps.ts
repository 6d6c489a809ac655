import { getArea } from '../areas/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { contactsOfArea } from './store';

/** The contacts folder's ports, made once per process. */
export const deps = once(() => {
  const { store, province } = runtime();
  return {
    limits: province.rateLimits,
    areas: { getArea: (code: string) => getArea(store, code) },
    contacts: { contactsOfArea: (code: string) => contactsOfArea(store, code) },
  };
});
