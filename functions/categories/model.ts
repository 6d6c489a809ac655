import type { OfficerRole } from '../roster/model';

export const URGENCIES = ['high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface Category {
  code: string;
  label: { vi: string; en: string };
  urgency: Urgency;
  /** Civil disputes and minor conflicts: the ones the community may settle by mediation. */
  mediable: boolean;
  order: number;
  /**
   * Who a report of this category goes to (categories.csv `roles`): the roles texted with the duty to
   * take it, in the first tier and every escalation (docs/adr/0016-routing-by-category.md). Absent on a
   * category imported before routing existed: route.ts's `routeOf` gives it the default route.
   */
  roles?: OfficerRole[];
  /** Roles texted too in the first tier so that they know (categories.csv `informed`); may be empty. */
  informed?: OfficerRole[];
}

/** What the public API shows of a category: never who it is routed to. */
export type PublicCategory = Pick<Category, 'code' | 'label' | 'urgency'>;

export function publicCategory(c: Category): PublicCategory {
  return { code: c.code, label: c.label, urgency: c.urgency };
}
