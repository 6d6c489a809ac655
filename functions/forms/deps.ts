import { getArea } from '../areas/store';
import { allCategories } from '../categories/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { boxStore } from '../suggestions/store';
import type { ReportFormPorts } from './report-form';
import type { SuggestionFormPorts } from './suggestion-form';

/** The server-rendered forms' ports, made once per process. */
export const deps = once(() => {
  const { store, province } = runtime();
  const areas = { getArea: (code: string) => getArea(store, code) };
  const reportForm: ReportFormPorts = {
    ...areas,
    allCategories: () => allCategories(store),
    rootArea: province.rootArea,
  };
  const suggestionForm: SuggestionFormPorts = {
    ...areas,
    boxesForArea: boxStore(store).boxesForArea,
    rootArea: province.rootArea,
  };
  return { reportForm, suggestionForm };
});
