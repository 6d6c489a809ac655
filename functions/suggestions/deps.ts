import { deps as abuseDeps } from '../abuse/deps';
import type { Area } from '../areas/model';
import { getArea } from '../areas/store';
import { auditLog } from '../officers/store';
import { officerLookup } from '../roster/store';
import { cacheFound } from '../shared/cache';
import { once } from '../shared/once';
import { newReceipt } from '../shared/receipts';
import { runtime } from '../shared/runtime';
import { sleep } from '../shared/submit-once';
import type { AnswerPorts } from './answer';
import type { BoxPagePorts, PlaceBoxesPorts } from './boxes';
import type { Box } from './model';
import type { OpeningPorts } from './opening';
import { boxStore, openingStore, suggestionStore } from './store';
import type { SubmitSuggestionPorts } from './submit';

/** Places and boxes change only when the province imports data: a found one is kept this long. */
const PLACES_TTL_MS = 60_000;

/**
 * The suggestions folder's ports, made once per process: the public intake and box pages, the
 * officers' console and paper box openings (the daily digest's are in digest.deps.ts).
 */
export const deps = once(() => {
  const { store, clock, secrets, province } = runtime();
  const { getBox, boxesForArea } = boxStore(store);
  const areas = { getArea: cacheFound<Area>((code) => getArea(store, code), { ttlMs: PLACES_TTL_MS }) };
  const boxes = {
    getBox: cacheFound<Box>(getBox, { ttlMs: PLACES_TTL_MS }),
    boxesForArea,
  };
  const suggestions = suggestionStore(store, province.retention);
  const openings = openingStore(store, province.retention);
  const officers = {
    officers: officerLookup(store),
    audit: auditLog(store, province.retention.auditDays),
    clock,
    areas,
    boxes,
  };
  const answer: AnswerPorts = { ...officers, suggestions };
  const intake: SubmitSuggestionPorts = { boxes, areas, suggestions, secrets, clock, newReceipt, sleep };
  const opening: OpeningPorts = { ...officers, suggestions, openings };
  const boxPage: BoxPagePorts = { boxes, openings, suggestions };
  const placeBoxes: PlaceBoxesPorts = { areas, boxes };
  return {
    guard: abuseDeps().guard,
    timeZone: province.timeZone,
    limits: province.rateLimits,
    intake,
    answer,
    opening,
    boxPage,
    placeBoxes,
  };
});
