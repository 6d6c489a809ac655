import type { Category } from '../categories/model';
import { NotFound } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import type { Province } from '../shared/province';
import { checkJurisdiction, type Open311Service, toService } from './model';

export interface ServicesPorts {
  allCategories(): Promise<Category[]>;
  getCategory(code: string): Promise<Category | undefined>;
  province: Pick<Province, 'id' | 'baseUrl'>;
}

/** GET services.json: the province's categories, in the request's language. */
export async function listServices(
  input: { jurisdiction: string | undefined; lang: Lang },
  ports: ServicesPorts,
): Promise<Open311Service[]> {
  checkJurisdiction(input.jurisdiction, ports.province);
  return (await ports.allCategories()).map((category) => toService(category, input.lang));
}

/**
 * GET services/{code}.json: a service definition. Our categories have no attributes (every service
 * says `metadata: false`), so a known code answers an empty list rather than 404, which an app that
 * asks anyway would read as "no such service".
 */
export async function serviceDefinition(
  input: { code: string; jurisdiction: string | undefined },
  ports: ServicesPorts,
): Promise<{ service_code: string; attributes: [] }> {
  checkJurisdiction(input.jurisdiction, ports.province);
  if (!(await ports.getCategory(input.code))) throw new NotFound('error.category_not_found');
  return { service_code: input.code, attributes: [] };
}
