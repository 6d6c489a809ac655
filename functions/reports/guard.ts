// Moved to functions/abuse/public-guard.ts (suggestions use it too); kept so that existing imports still work.
export { publicPostGuard } from '../abuse/public-guard';
