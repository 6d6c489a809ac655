import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import type { Officer } from '../../functions/roster/model';

type Key = Exclude<Awaited<ReturnType<typeof importJWK>>, Uint8Array>;

export const LOCAL_AUDIENCE = 'tuquan-local-console';
const TOKEN_SECONDS = 8 * 3600;

/**
 * The demo's Cognito user for an officer: a UUID (shaped like a Cognito `sub`) made from the officer id,
 * the same on every run and in every data folder, so that an officer bound at a first local sign-in stays
 * bound to the same user after a restart.
 */
export function localSubject(officerId: string): string {
  const bytes = createHash('sha256').update(`tuquan-local-officer:${officerId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Claims a test may set otherwise, to play another Cognito user or an address nobody verified. */
export interface LocalClaims {
  sub?: string;
  email?: string;
  email_verified?: boolean;
}

/**
 * Local sign-in: tokens shaped like Cognito ID tokens, signed with a key kept in the data folder, and
 * verified the way the HTTP API's JWT authorizer verifies them (signature, issuer, audience, expiry).
 * Nothing of this exists in a deployed stack.
 */
export class LocalAuth {
  private constructor(
    private readonly privateKey: Key,
    private readonly publicKey: Key,
    readonly issuer: string,
  ) {}

  static async open(keyFile: string, issuer: string): Promise<LocalAuth> {
    let jwk: JWK;
    if (existsSync(keyFile)) {
      jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    } else {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      jwk = await exportJWK(privateKey);
      writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
    }
    const privateKey = (await importJWK({ ...jwk, alg: 'ES256' }, 'ES256')) as Key;
    const { d: _d, ...publicJwk } = jwk;
    const publicKey = (await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256')) as Key;
    return new LocalAuth(privateKey, publicKey, issuer);
  }

  /**
   * An ID token for an imported officer, as Cognito would issue after sign-in: the officer's Cognito user
   * (the sub the import bound them to, else the demo's stable one), their login as a verified e-mail.
   */
  async issue(officer: Officer, now = new Date(), claims: LocalClaims = {}): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      email: claims.email ?? officer.login,
      email_verified: claims.email_verified ?? true,
      'cognito:groups': [officer.access],
      'cognito:username': officer.id,
      token_use: 'id',
      auth_time: iat,
      event_id: randomUUID(),
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setSubject(claims.sub ?? officer.sub ?? localSubject(officer.id))
      .setIssuer(this.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_SECONDS)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /**
   * Verifies `Authorization: Bearer <jwt>` and returns the claims as the HTTP API hands them to Lambda:
   * every value a string, lists as "[a b]". Undefined means 401.
   */
  async verify(authorization: string | undefined): Promise<Record<string, string> | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: LOCAL_AUDIENCE,
        algorithms: ['ES256'],
      });
      return Object.fromEntries(
        Object.entries(payload).map(([name, value]) => [
          name,
          Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
        ]),
      );
    } catch {
      return undefined;
    }
  }
}
