import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { demoProvince, removeTempDirs, synthProvince } from './support';
import { type TableCall, TableCallGraph } from './table-calls';

/**
 * Every function the province stack makes (the routes, the dispatcher, the sweep, the daily digest),
 * with the table actions it is granted, against the actions its handler's code can send.
 */
const s = synthProvince(demoProvince());
const made = s.stack.functions.made.map(({ fn, options }) => ({
  name: fn.node.scope?.node.id ?? fn.node.id,
  entry: options.entry,
  granted: [...options.table].sort() as string[],
}));
const graph = new TableCallGraph([...new Set(made.map((m) => m.entry))]);

const explain = (calls: readonly TableCall[]) =>
  calls.map((call) => `${call.action} at ${call.at}, reached by ${call.via.join(' → ')}`).join('\n');

afterAll(removeTempDirs);

describe("each function's table grant", () => {
  it('is checked for every function of the stack: each route, the dispatcher, the sweep, the digest, retention', () => {
    const entries = made.map((m) => m.entry);

    expect(entries).toEqual(
      expect.arrayContaining([
        ...ROUTES.map((route) => route.entry),
        'dispatch/stream.handler.ts',
        'dispatch/escalate.handler.ts',
        'suggestions/digest.handler.ts',
        'retention/retention.handler.ts',
      ]),
    );
    expect(made).toHaveLength(ROUTES.length + 4);
  });

  for (const { name, entry, granted } of made) {
    it(`${name} (${entry}): holds exactly the actions its code can send`, () => {
      const calls = graph.actionsOf(entry);
      const sent = calls.map((call) => call.action);

      // An action sent but not granted fails on AWS with AccessDenied; say where the code sends it.
      const missing = calls.filter((call) => !granted.includes(call.action));
      expect(missing, `not granted:\n${explain(missing)}`).toEqual([]);
      // An action granted but never sent is privilege for an attacker to use.
      expect(
        granted.filter((action) => !sent.includes(action)),
        'granted, never sent',
      ).toEqual([]);
    });
  }
});

/**
 * The call graph on small programs of the shapes functions/ uses, so that a grant test passing means
 * the code was read, not skipped.
 */
describe('the call graph behind it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-table-calls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'kit.ts': `
      export function once<T>(make: () => T): () => T {
        let made: { value: T } | undefined;
        return () => (made ??= { value: make() }).value;
      }
      export function cached(load: (key: string) => Promise<string>): (key: string) => Promise<string> {
        const seen = new Map<string, string>();
        return async (key) => seen.get(key) ?? load(key);
      }
      export function later(write: () => Promise<void>): () => Promise<void> {
        return () => write();
      }
      export const route = (fn: (input: string) => Promise<unknown>) => async (event: { body: string }) => fn(event.body);
    `,
    'store.ts': `
      import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
      import { cached, later } from './kit';
      const doc = { send: async (_command: unknown) => ({}) };
      export function itemStore() {
        return {
          get: async (id: string) => doc.send(new GetCommand({ TableName: 't', Key: { id } })),
          async put(id: string) { await doc.send(new PutCommand({ TableName: 't', Item: { id } })); },
          remove: (id: string) => doc.send(new DeleteCommand({ TableName: 't', Key: { id } })),
        };
      }
      export type ItemStore = ReturnType<typeof itemStore>;
      export const lookUp = cached(async (key) => String(await doc.send(new QueryCommand({ TableName: key }))));
      export const counter = later(async () => { await doc.send(new UpdateCommand({ TableName: 't', Key: {} })); });
      export async function many(ids: string[]) {
        return Promise.all(ids.map(async (id) => doc.send(new BatchGetCommand({ RequestItems: { [id]: { Keys: [] } } }))));
      }
      export const everything = () => doc.send(new ScanCommand({ TableName: 't' }));
    `,
    'use-case.ts': `
      import type { ItemStore } from './store';
      export interface SavePorts {
        items: Pick<ItemStore, 'put' | 'get'>;
        find(key: string): Promise<string>;
        count: () => Promise<void>;
      }
      export async function save(id: string, ports: SavePorts): Promise<void> {
        if (await ports.items.get(id)) return;
        await ports.items.put(await ports.find(id));
      }
    `,
    'deps.ts': `
      import { once } from './kit';
      import { counter, itemStore, lookUp, many } from './store';
      import type { SavePorts } from './use-case';
      export const deps = once(() => {
        const ports: SavePorts = { items: itemStore(), find: (key) => lookUp(key), count: counter };
        return { ports, many };
      });
    `,
    'save.handler.ts': `
      import { deps } from './deps';
      import { route } from './kit';
      import { save } from './use-case';
      const { ports } = deps();
      export const handler = route(async (body) => save(body, ports));
    `,
    'many.handler.ts': `
      import { deps } from './deps';
      import { route } from './kit';
      export const handler = route(async (body) => deps().many([body]));
    `,
    'scan.handler.ts': `
      import { everything } from './store';
      export const handler = async () => everything();
    `,
    'closure.handler.ts': `
      import { cached } from './kit';
      import { itemStore } from './store';
      export const handler = async (event: { body: string }) => cached(async (id) => String(await itemStore().remove(id)))(event.body);
    `,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const fixture = new TableCallGraph(
    ['save.handler.ts', 'many.handler.ts', 'scan.handler.ts', 'closure.handler.ts'],
    dir,
  );
  const actions = (entry: string) => fixture.actionsOf(entry).map((call) => call.action);

  it("follows a handler through deps(), a use case's ports and a store's methods, to what it calls only", () => {
    // get and put through Pick<ItemStore>, the Query through a cached look-up; not the store's
    // remove, not the counter the ports hold but the use case never calls, not the other handler's batch read.
    expect(actions('save.handler.ts')).toEqual(['GetItem', 'PutItem', 'Query']);
  });

  it('counts a callback handed to library code (Promise.all, map) as run', () => {
    expect(actions('many.handler.ts')).toEqual(['BatchGetItem']);
  });

  it('follows a closure called where it is made, and the callback it was made with', () => {
    expect(actions('closure.handler.ts')).toEqual(['DeleteItem']);
  });

  it('names an action no function may be granted, and where it is sent', () => {
    const [scan] = fixture.actionsOf('scan.handler.ts');

    expect(scan?.action).toBe('Scan');
    expect(scan?.at).toMatch(/store\.ts:\d+$/);
  });
});
