import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { authorizeArea, currentOfficer } from '../../functions/officers/access';
import type { Officer } from '../../functions/roster/model';
import { Forbidden, Unauthorized } from '../../functions/shared/errors';
import { identityFromEvent } from '../../functions/shared/identity';
import { LOCAL_AUDIENCE, LocalAuth } from '../../infra/local/auth';
import fixture from '../fixtures/cognito-authorizer-event.json';

const cognitoEvent = fixture as unknown as APIGatewayProxyEventV2;

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
      subject: '3b7e1c2a-7c1e-4f0e-9b57-8f2d6e0b9c11',
      email: 'police.halong@example.vn',
      groups: ['officer'],
    });
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
      sub: 'local-OF-HL-1',
      email: 'police.halong@example.vn',
      'cognito:groups': '[officer]',
      token_use: 'id',
      aud: LOCAL_AUDIENCE,
    });
    expect(Object.values(claims ?? {}).every((v) => typeof v === 'string')).toBe(true);
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
  it('finds the imported officer by the identity e-mail', async () => {
    const officers = {
      officerBySubject: async (email: string) =>
        email === HA_LONG_POLICE.login ? HA_LONG_POLICE : undefined,
    };
    expect(await currentOfficer(identityFromEvent(cognitoEvent), officers)).toEqual(HA_LONG_POLICE);
  });

  it('refuses a signed-in person who is not an imported officer', async () => {
    await expect(
      currentOfficer(identityFromEvent(cognitoEvent), { officerBySubject: async () => undefined }),
    ).rejects.toBeInstanceOf(Forbidden);
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
