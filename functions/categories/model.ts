export const URGENCIES = ['high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface Category {
  code: string;
  label: { vi: string; en: string };
  urgency: Urgency;
  /** Civil disputes and minor conflicts: the ones the community may settle by mediation. */
  mediable: boolean;
  order: number;
}

/** What the public API shows of a category. */
export type PublicCategory = Pick<Category, 'code' | 'label' | 'urgency'>;

export function publicCategory(c: Category): PublicCategory {
  return { code: c.code, label: c.label, urgency: c.urgency };
}
