import type { Area } from '../areas/model';
import type { Category } from '../categories/model';
import type { AuditLog, OfficerLookup } from '../officers/access';
import type { Report, ReportStatus } from '../reports/model';
import type { Officer, OfficerOnDuty } from '../roster/model';
import type { Shift } from '../roster/shift';
import type { IdempotencyStore } from '../shared/idempotency';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import type { StatsRecorder } from '../stats/recorder';
import type { CaseEntry, CaseRecord, StatusChange } from './store';

/** What the console's use cases need; wiring.ts gives the DynamoDB ones, tests give fakes. */
export interface CasePorts {
  officers: OfficerLookup & { byIds(ids: readonly string[]): Promise<Map<string, Officer>> };
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'rootArea' | 'timeZone'>;
  areas: {
    getArea(code: string): Promise<Area | undefined>;
    children(code: string): Promise<Area[]>;
    /** The area and every place under it (cached a while: places change only on import). */
    placesUnder(area: Area): Promise<string[]>;
  };
  categories: { getCategory(code: string): Promise<Category | undefined> };
  reports: {
    getCase(id: string): Promise<CaseRecord | undefined>;
    partition(id: string): Promise<Record<string, unknown>[]>;
    inPlaces(
      places: readonly string[],
      options: { before?: string | undefined; limit: number; status?: ReportStatus | undefined },
    ): Promise<Report[]>;
    /** The province's list (listing.ts): `resumeAt` when its read budget ran out before a full page. */
    inProvince(options: {
      before?: string | undefined;
      limit: number;
      status?: ReportStatus | undefined;
    }): Promise<{ reports: Report[]; resumeAt?: string }>;
    applyStatusChange(id: string, change: StatusChange): Promise<'applied' | 'conflict'>;
    putEntries(id: string, entries: readonly CaseEntry[]): Promise<void>;
  };
  roster: {
    shiftsOfOfficer(officerId: string, from: Date, to: Date): Promise<Shift[]>;
    onDutyInAreas(codes: readonly string[], at: Date): Promise<{ area: string; officers: OfficerOnDuty[] }[]>;
  };
  stats: Pick<StatsRecorder, 'acknowledged' | 'mediated'>;
  idempotency: IdempotencyStore;
  secrets: Secrets;
  newChangeId(): string;
}

/** The places an officer serves; an admin serves the whole province whatever the import says. */
export function servedRoots(officer: Officer, province: Pick<Province, 'rootArea'>): string[] {
  return officer.access === 'admin' ? [province.rootArea] : officer.areas;
}
