import { getArea } from '../areas/store';
import { allCategories } from '../categories/store';
import { type FormRoute, issueFormPass } from '../shared/form-token';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { boxStore } from '../suggestions/store';
import type { ReportFormPorts } from './report-form';
import type { SuggestionFormPorts } from './suggestion-form';

/**
 * The server-rendered forms' ports, made once per process. Each form is signed with the form-token key,
 * which the abuse guard of the intake checks (shared/form-token.ts).
 */
export const deps = once(() => {
  const { store, province, secrets, clock } = runtime();
  const areas = { getArea: (code: string) => getArea(store, code) };
  const pass = (route: FormRoute) => async (idempotencyKey?: string) =>
    issueFormPass(await secrets.key('form-token'), route, clock.now(), idempotencyKey);
  const reportForm: ReportFormPorts = {
    ...areas,
    allCategories: () => allCategories(store),
    pass: pass('reports'),
    rootArea: province.rootArea,
  };
  const suggestionForm: SuggestionFormPorts = {
    ...areas,
    boxesForArea: boxStore(store).boxesForArea,
    pass: pass('suggestions'),
    rootArea: province.rootArea,
  };
  return { reportForm, suggestionForm, limits: province.rateLimits };
});
