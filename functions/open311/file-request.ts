import { createHmac, randomUUID } from 'node:crypto';
import type { Area } from '../areas/model';
import type { ReportInput } from '../reports/schema';
import type { SubmitReportPorts } from '../reports/submit';
import { submitReport } from '../reports/submit';
import { type FieldProblem, InvalidInput, RateLimited } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import { errorName, log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import {
  type ApiKey,
  apiKeyHash,
  checkJurisdiction,
  describeChoices,
  KeyRefused,
  namespacedIdempotencyKey,
  pickPlace,
  requestIdFor,
  SERVICE_NOTICE,
} from './model';
import type { Open311RequestInput } from './schema';
import type { ApiKeyStore } from './store';

export interface FileRequestPorts {
  keys: Pick<ApiKeyStore, 'keyByHash'>;
  /** Counts one report of a key in a UTC minute; false once the minute holds the key's limit. */
  rate: {
    takeOne(id: string, minute: string, request: string, limit: number, nowSeconds: number): Promise<boolean>;
    giveBack(id: string, minute: string, request: string): Promise<void>;
  };
  /** The area search (areas/find-areas.ts), ranked: whole name, then start of name, then start of a word. */
  findPlaces(text: string): Promise<Area[]>;
  /**
   * Refused keys, counted per client in memory: an app's server speaks for many residents from one
   * address, so its POSTs have no per-address limit, but one that keeps sending wrong keys is guessing.
   * `wait` answers the seconds to wait once a client has spent its refusals, before any look-up.
   */
  refusals: { wait(client: string): number | undefined; count(client: string): void };
  secrets: Secrets;
  clock: Clock;
  province: Pick<Province, 'id' | 'baseUrl'>;
  submit: SubmitReportPorts;
}

/** GeoReport v2's answer to a POST: one element. */
export interface Filed {
  service_request_id: string;
  service_notice: string;
  account_id: null;
}

/** Report fields as POST /api/reports names them → as the Open311 request named them. */
const FIELD_NAMES: Record<string, string> = {
  category: 'service_code',
  description: 'description',
  'contact.name': 'last_name',
  'contact.phone': 'phone',
};

/**
 * POST requests.json: the app's key stands in for the proof of work a page solves, then the report is
 * filed by the same intake as POST /api/reports (limits, dispatch, idempotency, duplicate linking).
 */
export async function fileRequest(
  input: Open311RequestInput,
  request: { idempotencyKey: string | undefined; lang: Lang; client: string },
  ports: FileRequestPorts,
): Promise<Filed[]> {
  checkJurisdiction(input.jurisdiction_id, ports.province);
  const key = await appKey(input.api_key, request.client, ports);
  const place = await placeOf(input, ports);
  const name = [input.last_name, input.first_name].filter((part) => part !== undefined).join(' ');
  const report: ReportInput = {
    area: place.code,
    category: input.service_code,
    description: input.description,
    ...(name !== '' || input.phone !== undefined
      ? {
          contact: {
            ...(name !== '' ? { name } : {}),
            ...(input.phone !== undefined ? { phone: input.phone } : {}),
          },
        }
      : {}),
  };
  const idempotencyKey =
    request.idempotencyKey === undefined
      ? undefined
      : namespacedIdempotencyKey(key.app, request.idempotencyKey);
  let counted: { minute: string; request: string } | undefined;
  const submitted = await submitReport(
    report,
    {
      idempotencyKey,
      // Asked only for a new submit: a stored one is answered as it first was, without counting again.
      admit: async () => {
        counted = await takeFromKey(key, idempotencyKey, ports);
      },
    },
    ports.submit,
  ).catch(async (error: unknown) => {
    // Nothing stored: the minute forgets the request too (a count lost at worst, never a report).
    if (counted)
      await ports.rate
        .giveBack(key.id, counted.minute, counted.request)
        .catch((undoError: unknown) =>
          log.warn('could not give a key count back', { error: errorName(undoError) }),
        );
    throw error instanceof InvalidInput ? renamed(error, place.field) : error;
  });
  return [
    {
      service_request_id: requestIdFor(await ports.secrets.key('open311-request'), submitted.id),
      service_notice: SERVICE_NOTICE[request.lang],
      account_id: null,
    },
  ];
}

async function appKey(apiKey: string | undefined, client: string, ports: FileRequestPorts): Promise<ApiKey> {
  const wait = ports.refusals.wait(client);
  if (wait !== undefined) throw new RateLimited(wait);
  const refused = (why: 'missing' | 'revoked') => {
    ports.refusals.count(client);
    return new KeyRefused(why);
  };
  if (apiKey === undefined) throw refused('missing');
  const key = await ports.keys.keyByHash(apiKeyHash(await ports.secrets.key('open311-key'), apiKey));
  if (!key) throw refused('missing');
  if (key.revokedAt !== undefined) throw refused('revoked');
  return key;
}

/**
 * The key's own limit, counted in the table so that it holds across servers. Copies of one keyed submit
 * count once (by a MAC of their key, never the key itself); a submit without a key counts each time.
 */
async function takeFromKey(
  key: ApiKey,
  idempotencyKey: string | undefined,
  ports: FileRequestPorts,
): Promise<{ minute: string; request: string }> {
  const now = ports.clock.now();
  const minute = now.toISOString().slice(0, 16);
  const request = idempotencyKey
    ? createHmac('sha256', await ports.secrets.key('open311-key'))
        .update(`rate\n${idempotencyKey}`, 'utf8')
        .digest('base64url')
        .slice(0, 22)
    : randomUUID();
  if (!(await ports.rate.takeOne(key.id, minute, request, key.perMinute, Math.floor(now.getTime() / 1000))))
    throw new RateLimited(Math.max(1, 60 - now.getUTCSeconds()));
  return { minute, request };
}

/** The place the request is for: address_id as it is, address_string by the area search. */
async function placeOf(
  input: Open311RequestInput,
  ports: FileRequestPorts,
): Promise<{ code: string; field: 'address_id' | 'address_string' }> {
  if (input.address_id !== undefined) return { code: input.address_id, field: 'address_id' };
  if (input.address_string === undefined) {
    const problem: FieldProblem =
      input.lat !== undefined || input.long !== undefined
        ? { key: 'field.open311_no_coordinates' }
        : { key: 'field.open311_address_required' };
    throw new InvalidInput(
      input.lat !== undefined || input.long !== undefined ? { lat: problem } : { address_id: problem },
    );
  }
  // "Khu 1 Hồng Gai, Hạ Long": the first part names the place, the others places it lies in.
  const [first = '', ...rest] = input.address_string
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (first === '') throw new InvalidInput({ address_string: { key: 'field.open311_address_unknown' } });
  const [hits, ...outer] = await Promise.all([first, ...rest].map((part) => ports.findPlaces(part)));
  const within = outer.length > 0 ? new Set(outer.flat().map((area) => area.code)) : undefined;
  const found = pickPlace(first, hits ?? [], within);
  if (found.match === 'one') return { code: found.area.code, field: 'address_string' };
  throw new InvalidInput({
    address_string:
      found.match === 'none'
        ? { key: 'field.open311_address_unknown' }
        : { key: 'field.open311_address_ambiguous', params: { choices: describeChoices(found.areas) } },
  });
}

/** The intake's field errors, named as the Open311 request named the fields. */
function renamed(error: InvalidInput, placeField: string): InvalidInput {
  return new InvalidInput(
    Object.fromEntries(
      Object.entries(error.fields).map(([field, problem]) => [
        field === 'area' ? placeField : (FIELD_NAMES[field] ?? field),
        problem,
      ]),
    ),
  );
}
