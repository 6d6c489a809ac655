import { OFFICER_ROLES, type OfficerRole } from '../roster/model';
import type { Category } from './model';

/** Roles a category may be routed to: everyone who goes on duty. Admins import data; they are never texted. */
export const ROUTABLE_ROLES = OFFICER_ROLES.filter((role) => role !== 'admin') as Exclude<
  OfficerRole,
  'admin'
>[];

/** Who a report of a category is texted to (docs/adr/0016-routing-by-category.md). */
export interface Route {
  /** Texted with the duty to take the report: they decide how far up the first tier climbs. */
  roles: OfficerRole[];
  /** Texted too in the first tier, so that they know; the first tier never climbs for them. */
  informed: OfficerRole[];
  /** Whether a mediator may be the one to take it: never alone for a category that is not mediable. */
  mediable: boolean;
}

/**
 * The route of a report's category. A category stored before routing existed (no roles) gets the
 * default: a dispute the community may settle goes to the place's mediators and group or village
 * heads, with the police informed; anything else to the police. A category the table no longer holds
 * (a report outlives its data) goes to the police.
 */
export function routeOf(category: Pick<Category, 'mediable' | 'roles' | 'informed'> | undefined): Route {
  if (!category) return { roles: ['police'], informed: [], mediable: false };
  if (category.roles && category.roles.length > 0)
    return {
      roles: [...category.roles],
      informed: (category.informed ?? []).filter((role) => !category.roles?.includes(role)),
      mediable: category.mediable,
    };
  return category.mediable
    ? { roles: ['mediator', 'group_head', 'village_chief'], informed: ['police'], mediable: true }
    : { roles: ['police'], informed: [], mediable: false };
}

/**
 * Why a category's roles cannot route it, or undefined: a category that is not mediable must name a
 * role other than mediator, so that a mediator is never the only one asked to take a theft.
 */
export function routeProblem(category: Pick<Category, 'mediable' | 'roles'>): string | undefined {
  const roles = category.roles ?? [];
  if (roles.length === 0) return 'required (roles separated by spaces, e.g. police)';
  if (!category.mediable && roles.every((role) => role === 'mediator'))
    return 'a category that is not mediable must go to someone other than mediators (e.g. police): a mediator is never the only one texted';
  return undefined;
}

/** Whether an officer of this role may be the one who takes a report of the route alone. */
export function answersFor(route: Pick<Route, 'mediable'>, role: string): boolean {
  return route.mediable || role !== 'mediator';
}
