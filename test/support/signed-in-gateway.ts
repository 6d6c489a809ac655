import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { ROUTES } from '../../functions/routes';
import type { Store } from '../../functions/shared/store/client';
import { LocalAuth } from '../../infra/local/auth';
import { LocalClock } from '../../infra/local/clock';
import { createGateway, type Handler } from '../../infra/local/gateway';
import { localRoutes } from '../../infra/local/local-routes';

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * The local gateway over ROUTES' handler modules with the local sign-in, on a free loopback port: the
 * signed-in routes verify tokens as the JWT authorizer does on AWS. Its key, clock and outbox live in
 * `dir`; the caller has set the handlers' environment and arranged the store.
 */
export async function startSignedInGateway(
  store: Store,
  dir: string,
): Promise<{ server: Server; base: string; auth: LocalAuth }> {
  const auth = await LocalAuth.open(join(dir, 'jwt-key.json'), 'http://127.0.0.1/_local');
  const server = createGateway({
    routes: ROUTES,
    siteDir: join(dir, 'site'),
    authorize: (authorization) => auth.verify(authorization),
    localRoutes: localRoutes({
      store,
      auth: () => auth,
      clock: new LocalClock(join(dir, 'clock.json')),
      outboxFile: join(dir, 'sms-outbox.jsonl'),
    }),
    loadHandler: async (route) =>
      ((await import(join(ROOT, 'functions', route.entry))) as { handler: Handler }).handler,
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return {
    server,
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    auth,
  };
}
