// Moved to functions/shared/cache.ts (suggestions use it too); kept so that existing imports still work.
export { cacheFound } from '../shared/cache';
