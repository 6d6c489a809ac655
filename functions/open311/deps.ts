import { findAreas } from '../areas/find-areas';
import { areasByName, areasByParent, getArea } from '../areas/store';
import { allCategories, getCategory } from '../categories/store';
import { deps as reportDeps } from '../reports/deps';
import { cacheFound } from '../shared/cache';
import { processLimiter } from '../shared/http/rate-limit';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import type { FileRequestPorts } from './file-request';
import type { FollowRequestsPorts } from './follow-requests';
import type { ServicesPorts } from './services';
import { apiKeyStore, keyRateStore, requestFacts } from './store';

/**
 * The Open311 folder's ports, made once per process, one set per use case so that each function holds
 * only what its route uses. Places and categories change only when the province imports data: a found
 * one is cached for a minute, as the intake does.
 */
const cached = once(() => {
  const { store } = runtime();
  return {
    area: cacheFound((code: string) => getArea(store, code), { ttlMs: 60_000 }),
    category: cacheFound((code: string) => getCategory(store, code), { ttlMs: 60_000 }),
  };
});

/** discovery.json: the province's settings only. */
export const discoveryDeps = once(() => {
  const { province } = runtime();
  return { province, limits: province.rateLimits };
});

export const fileDeps = once(() => {
  const { store, province, secrets, clock } = runtime();
  const search = {
    rootArea: province.rootArea,
    areas: {
      getArea: cached().area,
      areasByParent: (parent: string) => areasByParent(store, parent),
      areasByName: (query: string) => areasByName(store, query),
    },
  };
  const ports: FileRequestPorts = {
    keys: apiKeyStore(store),
    rate: keyRateStore(store),
    findPlaces: (text) => findAreas({ q: text }, search),
    placesIn: (code) => areasByParent(store, code),
    // As many wrong keys a minute as a resident may post reports: a typo is forgiven, guessing is not.
    refusals: {
      wait: (client) =>
        processLimiter.wait('open311-refused', client, province.rateLimits.publicPostsPerMinute, Date.now()),
      count: (client) => {
        processLimiter.take('open311-refused', client, Number.POSITIVE_INFINITY, Date.now());
      },
    },
    secrets,
    clock,
    province,
    submit: reportDeps().submit,
  };
  return ports;
});

export const followDeps = once(() => {
  const { store, province, secrets } = runtime();
  const ports: FollowRequestsPorts = {
    requestFacts: (reportId) => requestFacts(store, reportId),
    getArea: cached().area,
    getCategory: cached().category,
    secrets,
    province,
  };
  return { ports, limits: province.rateLimits };
});

export const servicesDeps = once(() => {
  const { store, province } = runtime();
  const ports: ServicesPorts = {
    allCategories: () => allCategories(store),
    getCategory: cached().category,
    province,
  };
  return { ports, limits: province.rateLimits };
});
