import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ROUTES, type RouteDef } from '../../functions/routes';
import type { LambdaHandler } from '../../functions/shared/http/route';
import { lambdaContext } from './events';

/**
 * The reliability suite walks the route table, so a route added to ROUTES is covered without editing
 * the suite: its handler is loaded by `entry`, as the CDK api construct and the local gateway load it.
 */
export const routeName = (route: Pick<RouteDef, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

export const publicRoutes = (): RouteDef[] => ROUTES.filter((r) => r.auth === 'public');
export const signedInRoutes = (): RouteDef[] => ROUTES.filter((r) => r.auth !== 'public');
/**
 * Public POSTs that write: the ones a double click, a retry or a bot can repeat. A follow-up only
 * reads (its one write spends a proof of work, when the province asks one of follow-ups).
 */
export const mutatingPublicRoutes = (): RouteDef[] =>
  publicRoutes().filter(
    (r) =>
      r.method === 'POST' &&
      r.path !== '/api/follow-up' &&
      r.table.some((action) => action === 'PutItem' || action === 'UpdateItem' || action === 'DeleteItem'),
  );

export function routeByName(name: string): RouteDef {
  const route = ROUTES.find((r) => routeName(r) === name);
  if (!route) throw new Error(`no route ${name} in functions/routes.ts`);
  return route;
}

const loaded = new Map<string, Promise<LambdaHandler>>();

function handlerOf(route: RouteDef): Promise<LambdaHandler> {
  let handler = loaded.get(route.entry);
  if (!handler) {
    const url = new URL(`../../functions/${route.entry}`, import.meta.url).href;
    handler = import(/* @vite-ignore */ url).then((module: { handler: LambdaHandler }) => {
      if (typeof module.handler !== 'function') throw new Error(`${route.entry} exports no handler`);
      return module.handler;
    });
    loaded.set(route.entry, handler);
  }
  return handler;
}

export async function invoke(
  route: RouteDef,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  return (await handlerOf(route))(event, lambdaContext);
}

/** The `{name}` segments of a route's path. */
export const pathParamNames = (path: string): string[] =>
  [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

/** The path with its parameters put in, as a client would have sent it (for rawPath only). */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    Buffer.from(params[name] ?? '', 'utf8')
      .toString('latin1')
      .replace(/[^A-Za-z0-9_.~-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`),
  );
}

/**
 * The demo province with limits no test reaches and no challenge: the suite is about validation,
 * storage and faults, not about abuse control or the per-phone SMS throttle (which have tests of
 * their own). Set before any handler module is imported, since handlers read their config once, at
 * import.
 */
export function reliabilityProvince(): Record<string, unknown> {
  const demo = JSON.parse(
    readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  return {
    ...demo,
    sms: {
      ...(demo.sms as Record<string, unknown>),
      throttle: { perMinute: 1_000_000, per15Minutes: 1_000_000, perHour: 1_000_000 },
    },
    rateLimits: {
      publicPostsPerMinute: 1_000_000,
      publicGetsPerMinute: 1_000_000,
      followUpsPerMinute: 1_000_000,
    },
    challengeRoutes: [],
  };
}

export function useReliabilityProvince(): void {
  process.env.TUQUAN_PROVINCE = JSON.stringify(reliabilityProvince());
}
