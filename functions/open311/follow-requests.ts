import type { Area } from '../areas/model';
import type { Category } from '../categories/model';
import { InvalidInput, NotFound } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import {
  agencyResponsible,
  checkJurisdiction,
  communeOf,
  type Open311Request,
  open311Status,
  type RequestFacts,
  reportIdOf,
  updatedAt,
} from './model';

export interface FollowRequestsPorts {
  /** The report's fields that neither identify nor describe anyone (store.ts requestFacts). */
  requestFacts(reportId: string): Promise<RequestFacts | undefined>;
  getArea(code: string): Promise<Area | undefined>;
  getCategory(code: string): Promise<Category | undefined>;
  secrets: Secrets;
  province: Pick<Province, 'id' | 'baseUrl'>;
}

/** service_request_ids one GET requests.json may name. */
const MAX_REQUEST_IDS = 20;

/** GET requests/{id}.json: the one request, as an array of one (the specification's shape), or 404. */
export async function followRequest(
  input: { requestId: string; jurisdiction: string | undefined; lang: Lang },
  ports: FollowRequestsPorts,
): Promise<Open311Request[]> {
  checkJurisdiction(input.jurisdiction, ports.province);
  const found = await requestOf(input.requestId, input.lang, ports);
  if (!found) throw new NotFound('error.open311_request_not_found');
  return [found];
}

/**
 * GET requests.json: only the requests named by service_request_id, those that exist; the
 * specification's filters (service_code, status, dates) would list a province's reports to anyone
 * with a key and are not answered (docs/adr/0020-open311.md).
 */
export async function followRequests(
  input: { requestIds: string | undefined; jurisdiction: string | undefined; lang: Lang },
  ports: FollowRequestsPorts,
): Promise<Open311Request[]> {
  checkJurisdiction(input.jurisdiction, ports.province);
  const ids = [
    ...new Set(
      (input.requestIds ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length === 0 || ids.length > MAX_REQUEST_IDS)
    throw new InvalidInput({
      service_request_id: { key: 'field.open311_request_id_required', params: { max: MAX_REQUEST_IDS } },
    });
  const found = await Promise.all(ids.map((id) => requestOf(id, input.lang, ports)));
  return found.filter((request): request is Open311Request => request !== undefined);
}

async function requestOf(
  requestId: string,
  lang: Lang,
  ports: FollowRequestsPorts,
): Promise<Open311Request | undefined> {
  // A forged or mistyped id costs one MAC and no read.
  const reportId = reportIdOf(await ports.secrets.key('open311-request'), requestId);
  if (!reportId) return undefined;
  const facts = await ports.requestFacts(reportId);
  if (!facts) return undefined;
  // A duplicate is linked to the report that carries the case: its status is that one's.
  const carrier = (facts.duplicateOf ? await ports.requestFacts(facts.duplicateOf) : undefined) ?? facts;
  const [commune, category] = await Promise.all([
    ports.getArea(communeOf(facts)),
    ports.getCategory(facts.category),
  ]);
  return {
    service_request_id: requestId.trim().toLowerCase(),
    status: open311Status(carrier.status),
    service_code: facts.category,
    service_name: facts.categoryLabel[lang],
    agency_responsible: agencyResponsible(lang, { areaName: facts.areaName, commune }, category),
    requested_datetime: facts.createdAt,
    updated_datetime: updatedAt(carrier === facts ? facts : { ...carrier, createdAt: facts.createdAt }),
  };
}
