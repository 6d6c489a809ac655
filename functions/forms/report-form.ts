import { type Area, publicArea } from '../areas/model';
import { type Category, publicCategory } from '../categories/model';
import { NotFound } from '../shared/errors';
import type { FormPass } from '../shared/form-token';

export interface ReportFormPorts {
  getArea(code: string): Promise<Area | undefined>;
  allCategories(): Promise<Category[]>;
  /**
   * An idempotency key (a fresh one, or the one a refused form came with) and its signed form token
   * (shared/form-token.ts), rendered now.
   */
  pass(idempotencyKey?: string): Promise<FormPass>;
  rootArea: string;
}

export interface ReportForm {
  area: Area;
  /** The commune or ward a village or group lies in, to tell apart places of the same name. */
  within?: Area;
  categories: Category[];
  /** What the form posts in hidden fields: its own idempotency key and token, good once. */
  pass: FormPass;
}

/**
 * What the server-rendered report form needs once a person without JavaScript has picked a place:
 * the place (it must exist), the commune or ward it lies in, the categories as imported today, and
 * the form's own pass (so the page is never cached: every rendering is a form of its own).
 */
export async function reportForm(input: { area: string }, ports: ReportFormPorts): Promise<ReportForm> {
  const [area, categories] = await Promise.all([ports.getArea(input.area), ports.allCategories()]);
  if (!area) throw new NotFound('error.area_not_found');
  const within = area.parent && area.parent !== ports.rootArea ? await ports.getArea(area.parent) : undefined;
  return { area, ...(within ? { within } : {}), categories, pass: await ports.pass() };
}

/** The form's JSON answer: what the site's script needs to render the same form. */
export function publicReportForm(form: ReportForm) {
  return {
    area: publicArea(form.area),
    within: form.within ? publicArea(form.within) : null,
    categories: form.categories.map(publicCategory),
  };
}
