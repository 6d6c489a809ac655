import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundleEntries } from '../bench/bundles';

/** The limit every handler bundle keeps (test/build/budgets.test.ts). */
const BUNDLE_BUDGET = 150 * 1024;

let bundle: Bundle;

beforeAll(async () => {
  const { bundles } = await bundleEntries(['functions/openapi/openapi.handler.ts'], {
    outdir: join(tmpdir(), 'tuquan-openapi-bundle'),
    write: false,
  });
  bundle = bundles[0] as Bundle;
}, 60_000);

describe("GET /api/openapi.json's bundle", () => {
  it('holds the generated document and not the generator: no route description, no schema of another folder', () => {
    const ours = bundle.inputs.filter(
      (i) => i.startsWith('functions/') && !i.startsWith('functions/shared/'),
    );

    expect(ours.sort()).toEqual([
      'functions/openapi/deps.ts',
      'functions/openapi/openapi.handler.ts',
      'functions/openapi/openapi.json',
    ]);
  });

  it("stays within the handlers' budget and leaves classic zod out", () => {
    expect({
      withinBudget: bundle.bytes <= BUNDLE_BUDGET,
      classicZod: bundle.inputs.some((i) => /node_modules\/zod\/v4\/classic\//.test(i)),
    }).toEqual({ withinBudget: true, classicZod: false });
  });
});
