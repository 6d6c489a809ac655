/**
 * The HTTP API's routes, in one place: the CDK api construct makes one function and one route of
 * each, with the grants named here; the local gateway imports the same handler modules.
 */
export interface RouteDef {
  method: 'GET' | 'POST';
  /** HTTP API path, with {param} segments. */
  path: string;
  /** Handler module under functions/, exporting `handler`. */
  entry: string;
  /** The least the function needs of the table. */
  table: 'none' | 'read' | 'write';
  /** 'signed-in' routes sit behind the JWT authorizer (Cognito on AWS, the local verifier locally). */
  auth: 'public' | 'signed-in';
  /** Needs the receipt and acknowledge-link secret. */
  secret?: boolean;
}

export const ROUTES: readonly RouteDef[] = [
  { method: 'GET', path: '/api/health', entry: 'health/health.handler.ts', table: 'none', auth: 'public' },
  { method: 'GET', path: '/api/areas', entry: 'areas/list.handler.ts', table: 'read', auth: 'public' },
  {
    method: 'GET',
    path: '/api/categories',
    entry: 'categories/list.handler.ts',
    table: 'read',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/forms/report',
    entry: 'forms/report.handler.ts',
    table: 'read',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/forms/suggestion',
    entry: 'forms/suggestion.handler.ts',
    table: 'read',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/contacts',
    entry: 'contacts/lookup.handler.ts',
    table: 'read',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/challenge',
    entry: 'abuse/challenge.handler.ts',
    table: 'none',
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/officer/me',
    entry: 'officers/me.handler.ts',
    table: 'read',
    auth: 'signed-in',
  },
  // Reports: intake, acknowledge links, follow-up (issue 4). They use the server secret.
  {
    method: 'POST',
    path: '/api/reports',
    entry: 'reports/create.handler.ts',
    table: 'write',
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/ack/{token}',
    entry: 'ack/show.handler.ts',
    table: 'read',
    auth: 'public',
    secret: true,
  },
  {
    method: 'POST',
    path: '/api/ack/{token}',
    entry: 'ack/acknowledge.handler.ts',
    table: 'write',
    auth: 'public',
    secret: true,
  },
  {
    method: 'POST',
    path: '/api/follow-up',
    entry: 'follow-up/follow-up.handler.ts',
    table: 'read',
    auth: 'public',
    secret: true,
  },
  // The officer console: cases, duty, figures (issue 9). Authorization by area happens in the use cases.
  {
    method: 'GET',
    path: '/api/officer/reports',
    entry: 'cases/inbox.handler.ts',
    table: 'write', // a refused read leaves an audit entry
    auth: 'signed-in',
  },
  {
    method: 'GET',
    path: '/api/officer/reports/{id}',
    entry: 'cases/case.handler.ts',
    table: 'write', // a refused read leaves an audit entry
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/reports/{id}/status',
    entry: 'cases/status.handler.ts',
    table: 'write',
    auth: 'signed-in',
    secret: true, // idempotency records
  },
  {
    method: 'GET',
    path: '/api/officer/shifts',
    entry: 'cases/shifts.handler.ts',
    table: 'read',
    auth: 'signed-in',
  },
  {
    method: 'GET',
    path: '/api/officer/on-duty',
    entry: 'cases/on-duty.handler.ts',
    table: 'write', // a refused read leaves an audit entry
    auth: 'signed-in',
  },
  {
    method: 'GET',
    path: '/api/officer/stats',
    entry: 'stats/stats.handler.ts',
    table: 'write', // a refused read leaves an audit entry
    auth: 'signed-in',
  },
  // Suggestion boxes (issue 6): public boxes and pages, anonymous intake, the officers' answers.
  { method: 'GET', path: '/api/boxes', entry: 'suggestions/boxes.handler.ts', table: 'read', auth: 'public' },
  {
    method: 'GET',
    path: '/api/boxes/{id}',
    entry: 'suggestions/box.handler.ts',
    table: 'read',
    auth: 'public',
  },
  {
    method: 'POST',
    path: '/api/suggestions',
    entry: 'suggestions/create.handler.ts',
    table: 'write',
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/officer/suggestions',
    entry: 'suggestions/officer-list.handler.ts',
    table: 'write', // a refused read leaves an audit entry
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/suggestions/{id}/read',
    entry: 'suggestions/read.handler.ts',
    table: 'write',
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/suggestions/{id}/reply',
    entry: 'suggestions/reply.handler.ts',
    table: 'write',
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/suggestions/{id}/hide',
    entry: 'suggestions/hide.handler.ts',
    table: 'write',
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/boxes/{id}/openings',
    entry: 'suggestions/opening.handler.ts',
    table: 'write',
    auth: 'signed-in',
  },
];

/** A stable, CloudFormation-safe name for a route: 'GET /api/areas' → 'GetApiAreas'. */
export function routeId(route: Pick<RouteDef, 'method' | 'path'>): string {
  const words = [route.method.toLowerCase(), ...route.path.split(/[^A-Za-z0-9]+/)].filter(Boolean);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
