import type { Area } from '../areas/model';
import { type MessageKey, t } from '../shared/i18n';
import { daysAfter, type Erasure } from '../shared/store/retention';

/** A refusal worth keeping: who tried what where, without names, phones or report content. */
export interface AuditEntry {
  at: string;
  officerId: string;
  action: string;
  /** The area code or record id the request aimed at. */
  target: string;
  outcome: 'denied';
}

/**
 * Refusals as kept: one record per officer, action and hour, however many times it was refused, so that
 * a burst of refused requests writes a few items, not one per request.
 */
export interface AuditRecord {
  officerId: string;
  action: string;
  outcome: 'denied';
  /** The UTC hour the refusals fell in, `yyyy-mm-ddThh`. */
  hour: string;
  /** The first and the last refusal of that hour. */
  first: string;
  last: string;
  count: number;
  /** The area codes or record ids aimed at, sorted; at most AUDIT_TARGETS_KEPT of them. */
  targets: string[];
}

/** Distinct targets kept on one audit record; the count goes on beyond them. */
export const AUDIT_TARGETS_KEPT = 50;

const KIND_KEY: Partial<Record<Area['kind'], MessageKey>> = {
  province: 'place.whole_province',
  commune: 'place.commune',
  ward: 'place.ward',
  special_zone: 'place.special_zone',
};

/**
 * A served place as the console heads a line with it: "Toàn tỉnh Quảng Ninh", "Phường Uông Bí",
 * "Uông Bí ward". Villages, hamlets and residential groups carry their kind in their name already.
 */
export function servedPlaceLabel(area: Pick<Area, 'name' | 'kind'>): { vi: string; en: string } {
  const key = KIND_KEY[area.kind];
  return key
    ? { vi: t('vi', key, { name: area.name }), en: t('en', key, { name: area.name }) }
    : { vi: area.name, en: area.name };
}

/** An audit record is deleted `auditDays` after its first refusal (the province's retention). */
export function auditErasure(first: string, auditDays: number): Erasure {
  return { stage: 'item', due: daysAfter(first, auditDays) };
}
