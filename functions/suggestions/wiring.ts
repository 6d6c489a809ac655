import type { Area } from '../areas/model';
import { getArea } from '../areas/store';
import type { Box } from '../boxes/box';
import { dynamoOpeningStore } from '../boxes/openings-store';
import { boxesForArea, getBox } from '../boxes/store';
import { auditLog } from '../officers/audit-store';
import { officerBySubject } from '../roster/store';
import { cacheFound } from '../shared/cache';
import { newReceipt } from '../shared/receipts';
import { runtime } from '../shared/runtime';
import type { AnswerPorts } from './answer';
import type { SuggestionIntakePorts } from './intake';
import { dynamoSuggestionStore } from './store';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The suggestion and box handlers' ports, made once per process from runtime(). Places and boxes
 * change only when the province imports data: a found one is cached for a minute (shared/cache.ts).
 */
export function suggestionWiring() {
  const { store, clock, secrets, province } = runtime();
  const areas = { getArea: cacheFound<Area>((code) => getArea(store, code), { ttlMs: 60_000 }) };
  const boxes = { getBox: cacheFound<Box>((id) => getBox(store, id), { ttlMs: 60_000 }) };
  const suggestions = dynamoSuggestionStore(store);
  const intake: SuggestionIntakePorts = {
    boxes,
    areas,
    suggestions,
    secrets,
    clock,
    newReceipt,
    sleep,
  };
  const officer: AnswerPorts = {
    officers: { officerBySubject: (email) => officerBySubject(store, email) },
    audit: auditLog(store),
    clock,
    areas,
    boxes,
    suggestions,
  };
  return {
    province,
    intake,
    officer,
    openings: { ...officer, openings: dynamoOpeningStore(store) },
    boxesForArea: (area: Area) => boxesForArea(store, area),
  };
}
