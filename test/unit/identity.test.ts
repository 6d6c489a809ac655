import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { authorizeArea, currentOfficer } from '../../functions/officers/access';
import { auditLog } from '../../functions/officers/store';
import type { Officer } from '../../functions/roster/model';
import { Forbidden, Unauthorized } from '../../functions/shared/errors';
import { signedInRoute } from '../../functions/shared/http/route';
import { identityFromEvent } from '../../functions/shared/identity';
import { LOCAL_AUDIENCE, LocalAuth, localSubject } from '../../infra/local/auth';
import fixture from '../fixtures/cognito-authorizer-event.json';
import { jsonOf, lambdaContext } from '../support/events';
import { memoryOfficerLookup } from '../support/officer-lookup';

const cognitoEvent = fixture as unknown as APIGatewayProxyEventV2;
const SUB = '3b7e1c2a-7c1e-4f0e-9b57-8f2d6e0b9c11';

/** The fixture's event with some claims changed (undefined removes one). */
function withClaims(changes: Record<string, string | undefined>): APIGatewayProxyEventV2 {
  const event = structuredClone(fixture) as unknown as {
    requestContext: { authorizer: { jwt: { claims: Record<string, string> } } };
  };
  const claims = event.requestContext.authorizer.jwt.claims;
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return event as unknown as APIGatewayProxyEventV2;
}

const HA_LONG_POLICE: Officer = {
  id: 'OF-HL-1',
  name: 'Nguyễn Văn An',
  phone: '+84912000001',
  role: 'police',
  access: 'officer',
  areas: ['QN-HL'],
  login: 'police.halong@example.vn',
};
const ADMIN: Officer = {
  ...HA_LONG_POLICE,
  id: 'AD-1',
  access: 'admin',
  areas: [],
  login: 'admin@example.vn',
};
const fixedClock = { now: () => new Date('2026-11-28T07:00:00Z') };

describe('identityFromEvent', () => {
  it('reads the Cognito authorizer claims as the HTTP API hands them over', () => {
    expect(identityFromEvent(cognitoEvent)).toEqual({
      subject: SUB,
      email: 'police.halong@example.vn',
      groups: ['officer'],
    });
  });

  it('refuses with 403 an e-mail the token does not say is verified (the claim arrives as a string)', () => {
    for (const verified of ['false', 'False', '', '1', undefined]) {
      expect(() => identityFromEvent(withClaims({ email_verified: verified }))).toThrow(Forbidden);
    }
    expect(identityFromEvent(withClaims({ email_verified: 'true' })).email).toBe('police.halong@example.vn');
  });

  it('refuses an event without claims', () => {
    const { authorizer: _a, ...requestContext } = cognitoEvent.requestContext as unknown as Record<
      string,
      unknown
    >;
    expect(() =>
      identityFromEvent({ ...cognitoEvent, requestContext } as unknown as APIGatewayProxyEventV2),
    ).toThrow(Unauthorized);
  });
});

describe('LocalAuth', () => {
  const open = () =>
    LocalAuth.open(
      join(mkdtempSync(join(tmpdir(), 'tuquan-auth-')), 'key.json'),
      'http://localhost:1/_local',
    );

  it('issues tokens whose verified claims have the Cognito authorizer shape', async () => {
    const auth = await open();
    const token = await auth.issue(HA_LONG_POLICE);
    const claims = await auth.verify(`Bearer ${token}`);
    const fixtureClaims = (
      cognitoEvent.requestContext as unknown as { authorizer: { jwt: { claims: object } } }
    ).authorizer.jwt.claims;
    expect(Object.keys(claims ?? {}).sort()).toEqual(
      Object.keys(fixtureClaims)
        .filter((k) => k !== 'origin_jti')
        .sort(),
    );
    expect(claims).toMatchObject({
      sub: localSubject('OF-HL-1'),
      email: 'police.halong@example.vn',
      email_verified: 'true',
      'cognito:groups': '[officer]',
      token_use: 'id',
      aud: LOCAL_AUDIENCE,
    });
    expect(Object.values(claims ?? {}).every((v) => typeof v === 'string')).toBe(true);
  });

  it("gives each demo officer a stable sub shaped like Cognito's, and an officer's bound sub when it has one", async () => {
    const [one, other] = [await open(), await open()];
    const subOf = async (auth: LocalAuth, officer: Officer) =>
      (await auth.verify(`Bearer ${await auth.issue(officer)}`))?.sub;

    expect(await subOf(one, HA_LONG_POLICE)).toBe(await subOf(other, HA_LONG_POLICE));
    expect(localSubject('OF-HL-1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(localSubject('OF-HL-1')).not.toBe(localSubject('AD-1'));
    expect(await subOf(one, { ...HA_LONG_POLICE, sub: SUB })).toBe(SUB);
  });

  it('refuses a missing, malformed, expired or foreign-signed token', async () => {
    const auth = await open();
    const other = await open();
    const expired = await auth.issue(HA_LONG_POLICE, new Date(Date.now() - 9 * 3600 * 1000));
    const foreign = await other.issue(HA_LONG_POLICE);
    const unsigned = await new SignJWT({ email: 'x@y.z' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(auth.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new Uint8Array(32));
    for (const header of [
      undefined,
      'Bearer',
      'Basic abc',
      `Bearer ${expired}`,
      `Bearer ${foreign}`,
      `Bearer ${unsigned}`,
    ]) {
      expect(await auth.verify(header)).toBeUndefined();
    }
  });
});

describe('currentOfficer', () => {
  const ADMIN_AT = { ...ADMIN, login: 'admin@example.vn' };

  it('binds an officer to the first verified sign-in with their login, then finds them by that sub', async () => {
    const officers = memoryOfficerLookup([HA_LONG_POLICE]);
    const first = await currentOfficer(identityFromEvent(cognitoEvent), officers);
    // The same user later, with another address: the sub is what counts now.
    const later = await currentOfficer(
      identityFromEvent(withClaims({ email: 'new.address@example.vn' })),
      officers,
    );

    expect(first).toEqual({ ...HA_LONG_POLICE, sub: SUB });
    expect(later).toEqual({ ...HA_LONG_POLICE, sub: SUB });
    expect(await officers.officerBySubject(SUB)).toEqual({ ...HA_LONG_POLICE, sub: SUB });
  });

  it('refuses another Cognito user with the same verified address once the officer is bound', async () => {
    const officers = memoryOfficerLookup([{ ...HA_LONG_POLICE, sub: SUB }]);
    const other = identityFromEvent(withClaims({ sub: '9d0c4c7e-1111-4a2b-8c3d-5e6f7a8b9c0d' }));

    await expect(currentOfficer(other, officers)).rejects.toBeInstanceOf(Forbidden);
    expect(await officers.officerBySubject(SUB)).toMatchObject({ id: 'OF-HL-1' });
  });

  it("never reaches an officer with the admin's address in capitals unless the token says it is verified", () => {
    const event = withClaims({
      sub: '9d0c4c7e-2222-4a2b-8c3d-5e6f7a8b9c0d',
      email: ADMIN_AT.login.toUpperCase(),
      email_verified: 'false',
    });
    expect(() => identityFromEvent(event)).toThrow(Forbidden);
  });

  it('refuses a signed-in person who is not an imported officer', async () => {
    await expect(
      currentOfficer(identityFromEvent(cognitoEvent), memoryOfficerLookup([ADMIN_AT])),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses when the binding write finds the officer bound meanwhile to someone else', async () => {
    const lookup = memoryOfficerLookup([HA_LONG_POLICE]);
    const racing = { ...lookup, bindSubject: async () => false };

    await expect(currentOfficer(identityFromEvent(cognitoEvent), racing)).rejects.toBeInstanceOf(Forbidden);
  });
});

describe('authorizeArea', () => {
  it('lets an officer act in a place under an area they serve', async () => {
    const audit = { entries: [] as unknown[], record: async (e: unknown) => void audit.entries.push(e) };
    await authorizeArea(HA_LONG_POLICE, { code: 'QN-HL-K1', ancestors: ['QN', 'QN-HL'] }, 'report.read', {
      audit,
      clock: fixedClock,
    });
    expect(audit.entries).toEqual([]);
  });

  it('refuses another area with 403 and an audit entry without personal data', async () => {
    const audit = { entries: [] as unknown[], record: async (e: unknown) => void audit.entries.push(e) };
    await expect(
      authorizeArea(HA_LONG_POLICE, { code: 'QN-UB', ancestors: ['QN'] }, 'report.read', {
        audit,
        clock: fixedClock,
      }),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(audit.entries).toEqual([
      {
        at: '2026-11-28T07:00:00.000Z',
        officerId: 'OF-HL-1',
        action: 'report.read',
        target: 'QN-UB',
        outcome: 'denied',
      },
    ]);
  });

  it('lets an admin act everywhere', async () => {
    const audit = { entries: [] as unknown[], record: async (e: unknown) => void audit.entries.push(e) };
    await authorizeArea(ADMIN, { code: 'QN-UB', ancestors: ['QN'] }, 'report.read', {
      audit,
      clock: fixedClock,
    });
    expect(audit.entries).toEqual([]);
  });
});

describe('signedInRoute', () => {
  // Local mode: no origin secret, so the client is the connection's own address.
  delete process.env.TUQUAN_ORIGIN_SECRET_ARN;
  const me = signedInRoute(
    { name: 'GET /api/officer/me', limits: { officerRequestsPerMinute: 3 } },
    async ({ identity }) => ({ body: { subject: identity.subject } }),
  );

  it('limits each officer by their sub, whatever address they come from: 429 with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const event = withClaims({ sub: 'limited-officer' });
      event.requestContext.http.sourceIp = `203.0.113.${i}`;
      answers.push(await me(event, lambdaContext));
    }
    const other = await me(withClaims({ sub: 'another-officer' }), lambdaContext);
    const refused = answers[3];

    expect([...answers, other].map((a) => a.statusCode)).toEqual([200, 200, 200, 429, 429, 200]);
    expect(jsonOf(refused ?? {}).body).toMatchObject({ error: { code: 'rate_limited' } });
    const retryAfter = Number(refused?.headers?.['retry-after']);
    expect(retryAfter >= 1 && retryAfter <= 60).toBe(true);
  });

  it('requires a per-officer limit, so that a new signed-in route cannot forget it', () => {
    expect(() =>
      // @ts-expect-error: `limits` is required on a signed-in route.
      signedInRoute({ name: 'GET /api/officer/forgotten' }, async () => ({ body: {} })),
    ).toThrow('GET /api/officer/forgotten: no officer rate limit');
  });
});

describe('auditLog', () => {
  /** A store that records each write's key and values, answering after a round trip. */
  const recording = () => {
    const writes: { key: Record<string, string>; values: Record<string, unknown> }[] = [];
    const store = {
      table: 't',
      doc: {
        send: async (command: {
          input: { Key: Record<string, string>; ExpressionAttributeValues: object };
        }) => {
          writes.push({ key: command.input.Key, values: { ...command.input.ExpressionAttributeValues } });
          await new Promise((r) => setTimeout(r, 5));
          return {};
        },
      },
    };
    return { writes, log: auditLog(store as never, 365) };
  };
  const refusal = (officerId: string, at: string, target = 'QN-UB') => ({
    at,
    officerId,
    action: 'read report',
    target,
    outcome: 'denied' as const,
  });

  it('merges a burst of one officer’s refusals into a few writes of one item, counting each', async () => {
    const { writes, log } = recording();
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        log.record(
          refusal('OF-HL-1', `2026-11-28T07:${String(i % 60).padStart(2, '0')}:00.000Z`, `A${i % 3}`),
        ),
      ),
    );

    expect(writes.length).toBeLessThanOrEqual(3);
    expect(new Set(writes.map((w) => JSON.stringify(w.key))).size).toBe(1);
    expect(writes.reduce((sum, w) => sum + Number(w.values[':count']), 0)).toBe(300);
    expect(writes[0]?.key).toEqual({
      pk: expect.stringMatching(/^AUDIT#2026-11-28#[0-9a-f]$/),
      sk: '2026-11-28T07#OF-HL-1#read report',
    });
  });

  it('spreads officers over partitions of the day, and an hour later starts a new record', async () => {
    const { writes, log } = recording();
    for (let i = 0; i < 64; i++) await log.record(refusal(`OF-${i}`, '2026-11-28T07:00:00.000Z'));
    await log.record(refusal('OF-0', '2026-11-28T08:00:00.000Z'));

    expect(new Set(writes.map((w) => w.key.pk)).size).toBeGreaterThan(8);
    expect(writes.at(-1)?.key.sk).toBe('2026-11-28T08#OF-0#read report');
  });
});
