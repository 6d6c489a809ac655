import { createChallenge, verifySolution } from 'altcha-lib/v1';
import * as z from 'zod/mini';

/** Work a page does in a second or two on a cheap phone (SHA-256, about 25,000 tries on average). */
export const CHALLENGE_MAX_NUMBER = 50_000;
const CHALLENGE_MINUTES = 5;

export interface IssuedChallenge {
  algorithm: 'SHA-256';
  challenge: string;
  salt: string;
  signature: string;
  maxnumber: number;
}

/** ALTCHA v1: the server signs a challenge; the page finds n with sha256(salt + n) = challenge. */
export async function issueChallenge(hmacKey: string, now: Date): Promise<IssuedChallenge> {
  const challenge = await createChallenge({
    algorithm: 'SHA-256',
    hmacKey,
    maxnumber: CHALLENGE_MAX_NUMBER,
    expires: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
  return {
    algorithm: 'SHA-256',
    challenge: challenge.challenge,
    salt: challenge.salt,
    signature: challenge.signature,
    maxnumber: CHALLENGE_MAX_NUMBER,
  };
}

const SolutionSchema = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  number: z.int().check(z.minimum(0), z.maximum(CHALLENGE_MAX_NUMBER)),
  salt: z.string().check(z.minLength(1), z.maxLength(200)),
  signature: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});

export interface SolutionLedger {
  /** Records a solution as spent; false when it was spent before. */
  spend(challenge: string, expiresAt: Date): Promise<boolean>;
}

/**
 * True when the base64 JSON solution (X-Altcha header or `altcha` form field) is right, signed by us,
 * not expired, and not spent before. A solution is good once.
 */
export async function acceptSolution(
  encoded: string | undefined,
  hmacKey: string,
  ledger: SolutionLedger,
  now: Date,
): Promise<boolean> {
  if (!encoded || encoded.length > 2000) return false;
  let payload: z.infer<typeof SolutionSchema>;
  try {
    payload = SolutionSchema.parse(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')));
  } catch {
    return false;
  }
  const expires = Number(new URLSearchParams(payload.salt.split('?')[1] ?? '').get('expires'));
  if (!Number.isFinite(expires) || expires * 1000 <= now.getTime()) return false;
  // The clock port, not the wall clock, decides expiry; altcha-lib is asked only for the maths.
  if (!(await verifySolution(payload, hmacKey, false))) return false;
  return ledger.spend(payload.challenge, new Date(expires * 1000));
}
