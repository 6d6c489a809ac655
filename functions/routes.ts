/**
 * The HTTP API's routes, in one place: the CDK api construct makes one function and one route of
 * each, with the grants named here; the local gateway imports the same handler modules.
 */
/**
 * A DynamoDB action a function may be granted on the province's table, as IAM names it. No Scan
 * (nothing on a request path scans), no BatchWriteItem (only the import, run by an admin, writes in
 * batches), no transactions (the design forbids them), no stream reads (the dispatcher's event
 * source has its own).
 */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

export interface RouteDef {
  method: 'GET' | 'POST';
  /** HTTP API path, with {param} segments. */
  path: string;
  /** Handler module under functions/, exporting `handler`. */
  entry: string;
  /**
   * The DynamoDB actions the function sends to the table and its indexes: exactly its grant (an empty
   * list grants nothing). test/cdk/table-grants.test.ts follows the handler's code and fails when this
   * list misses an action the code can send, or holds one it never sends.
   */
  table: readonly TableAction[];
  /** 'signed-in' routes sit behind the JWT authorizer (Cognito on AWS, the local verifier locally). */
  auth: 'public' | 'signed-in';
  /** Needs the receipt and acknowledge-link secret. */
  secret?: boolean;
}

export const ROUTES: readonly RouteDef[] = [
  { method: 'GET', path: '/api/health', entry: 'health/health.handler.ts', table: [], auth: 'public' },
  // The OpenAPI document of this table, generated at build time (npm run openapi) and bundled.
  {
    method: 'GET',
    path: '/api/openapi.json',
    entry: 'openapi/openapi.handler.ts',
    table: [],
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/areas',
    entry: 'areas/list.handler.ts',
    table: ['GetItem', 'Query'],
    auth: 'public',
  },
  // The whole province's places in one compact answer: what the site's service worker keeps for the
  // place picker without signal.
  {
    method: 'GET',
    path: '/api/areas/all',
    entry: 'areas/all.handler.ts',
    table: ['GetItem', 'Query'],
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/categories',
    entry: 'categories/list.handler.ts',
    table: ['Query'],
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/forms/report',
    entry: 'forms/report.handler.ts',
    table: ['GetItem', 'Query'],
    auth: 'public',
    // Signs the form's token (shared/form-token.ts).
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/forms/suggestion',
    entry: 'forms/suggestion.handler.ts',
    table: ['GetItem', 'Query'],
    auth: 'public',
    secret: true,
  },
  // Where the server-rendered forms post (pages without JavaScript): stored as the intake routes store a
  // form post, or sent back filled in with each error beside its field.
  {
    method: 'POST',
    path: '/api/forms/report',
    entry: 'forms/report-post.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'DeleteItem'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'POST',
    path: '/api/forms/suggestion',
    entry: 'forms/suggestion-post.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/contacts',
    entry: 'contacts/lookup.handler.ts',
    table: ['GetItem', 'Query'],
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/challenge',
    entry: 'abuse/challenge.handler.ts',
    // Reads the recent rate of reports its difficulty scales with (abuse/store.ts).
    table: ['Query'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/officer/me',
    entry: 'officers/me.handler.ts',
    // GetItem: the served places' names.
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  // Reports: intake, acknowledge links, follow-up (issue 4). They use the server secret.
  {
    method: 'POST',
    path: '/api/reports',
    entry: 'reports/create.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'DeleteItem'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/ack/{token}',
    entry: 'ack/show.handler.ts',
    table: ['GetItem'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'POST',
    path: '/api/ack/{token}',
    entry: 'ack/acknowledge.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    auth: 'public',
    secret: true,
  },
  {
    // The page a summary SMS links to: the reports it carried, each with its own acknowledge button.
    method: 'GET',
    path: '/api/ack/summary/{token}',
    entry: 'ack/summary.handler.ts',
    table: ['GetItem'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'POST',
    path: '/api/follow-up',
    entry: 'follow-up/follow-up.handler.ts',
    table: ['GetItem', 'Query', 'PutItem'],
    auth: 'public',
    secret: true,
  },
  {
    // The resident removes the contact details they left with a report: one conditional update.
    method: 'POST',
    path: '/api/follow-up/erase-contact',
    entry: 'follow-up/erase-contact.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    auth: 'public',
    secret: true,
  },
  // The officer console: cases, duty, figures (issue 9). Authorization by area happens in the use cases.
  {
    method: 'GET',
    path: '/api/officer/reports',
    entry: 'cases/inbox.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'GET',
    path: '/api/officer/reports/{id}',
    entry: 'cases/case.handler.ts',
    table: ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/reports/{id}/status',
    entry: 'cases/status.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
    auth: 'signed-in',
    secret: true, // idempotency records
  },
  // Playbooks: the province's steps for a category, and a case's checklist of them.
  {
    method: 'GET',
    path: '/api/officer/playbooks',
    entry: 'playbooks/show.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    // UpdateItem: the conditional tick, the month counters; PutItem: the timeline entry.
    method: 'POST',
    path: '/api/officer/reports/{id}/steps',
    entry: 'cases/steps.handler.ts',
    table: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'GET',
    path: '/api/officer/shifts',
    entry: 'cases/shifts.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'GET',
    path: '/api/officer/on-duty',
    entry: 'cases/on-duty.handler.ts',
    table: ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'GET',
    path: '/api/officer/stats',
    entry: 'stats/stats.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    // An admin's export of a period's cases without personal data (cases/export.ts).
    method: 'GET',
    path: '/api/officer/cases.csv',
    entry: 'cases/export.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  // Suggestion boxes (issue 6): public boxes and pages, anonymous intake, the officers' answers.
  {
    method: 'GET',
    path: '/api/boxes',
    entry: 'suggestions/boxes.handler.ts',
    table: ['GetItem', 'Query'],
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/api/boxes/{id}',
    entry: 'suggestions/box.handler.ts',
    table: ['GetItem', 'BatchGetItem', 'Query'],
    auth: 'public',
  },
  {
    method: 'POST',
    path: '/api/suggestions',
    entry: 'suggestions/create.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/officer/suggestions',
    entry: 'suggestions/officer-list.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/suggestions/{id}/read',
    entry: 'suggestions/read.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/suggestions/{id}/reply',
    entry: 'suggestions/reply.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/suggestions/{id}/hide',
    entry: 'suggestions/hide.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/boxes/{id}/openings',
    entry: 'suggestions/opening.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
    auth: 'signed-in',
  },
  // Patrols and risk spots: a team's patrol logged from a phone, the spots its place watches.
  {
    method: 'POST',
    path: '/api/officer/patrols',
    entry: 'patrols/record.handler.ts',
    // PutItem: the patrol, its listings, idempotency records; UpdateItem: its reports, the month counters.
    table: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
    auth: 'signed-in',
    secret: true, // idempotency records
  },
  {
    method: 'GET',
    path: '/api/officer/patrols',
    entry: 'patrols/list.handler.ts',
    // Query: the place's list; BatchGetItem: the patrols of the places under it on the page.
    table: ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    // The risk spot a case happened at: one conditional update of the report, and the month counters.
    method: 'POST',
    path: '/api/officer/reports/{id}/spot',
    entry: 'patrols/case-spot.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/risk-spots',
    entry: 'spots/add.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    auth: 'signed-in',
  },
  {
    method: 'GET',
    path: '/api/officer/risk-spots',
    entry: 'spots/list.handler.ts',
    table: ['GetItem', 'Query', 'UpdateItem'],
    auth: 'signed-in',
  },
  // Open311 GeoReport v2 for other apps (docs/adr/0020-open311.md). The HTTP API matches whole path
  // segments only, so `services/{code}.json` and `requests/{id}.json` take the file name as the parameter.
  {
    method: 'GET',
    path: '/open311/v2/discovery.json',
    entry: 'open311/discovery.handler.ts',
    table: [],
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/open311/v2/services.json',
    entry: 'open311/services.handler.ts',
    table: ['Query'],
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/open311/v2/services/{file}',
    entry: 'open311/service.handler.ts',
    table: ['GetItem'],
    auth: 'public',
  },
  {
    // Filed as POST /api/reports files, with the app's API key in place of the proof of work.
    // UpdateItem: the key's per-minute counter.
    method: 'POST',
    path: '/open311/v2/requests.json',
    entry: 'open311/create.handler.ts',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
    auth: 'public',
    secret: true,
  },
  {
    // Only the requests named by their service_request_id (a MAC under the server secret): no listing.
    method: 'GET',
    path: '/open311/v2/requests.json',
    entry: 'open311/requests.handler.ts',
    table: ['GetItem'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/open311/v2/requests/{file}',
    entry: 'open311/request.handler.ts',
    table: ['GetItem'],
    auth: 'public',
    secret: true,
  },
];

/** A stable, CloudFormation-safe name for a route: 'GET /api/areas' → 'GetApiAreas'. */
export function routeId(route: Pick<RouteDef, 'method' | 'path'>): string {
  const words = [route.method.toLowerCase(), ...route.path.split(/[^A-Za-z0-9]+/)].filter(Boolean);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
