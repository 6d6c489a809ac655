import { createChallenge, verifySolution } from 'altcha-lib/v1';
import * as z from 'zod/mini';

const CHALLENGE_MINUTES = 5;
/** No challenge is ever harder than this; a larger number in a solution is refused before any hashing. */
const LARGEST_MAX_NUMBER = 10_000_000;

export interface IssuedChallenge {
  algorithm: 'SHA-256';
  challenge: string;
  salt: string;
  signature: string;
  maxnumber: number;
}

/**
 * ALTCHA v1: the server signs a challenge; the page finds n ≤ maxnumber with sha256(salt + n) =
 * challenge. The salt carries its expiry and its maxnumber (`max`) as parameters, signed with it, so
 * that a solution says how hard it was: the guard asks for at least the place's current difficulty.
 */
export async function issueChallenge(
  hmacKey: string,
  now: Date,
  maxnumber: number,
): Promise<IssuedChallenge> {
  const challenge = await createChallenge({
    algorithm: 'SHA-256',
    hmacKey,
    maxnumber,
    expires: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
    params: { max: String(maxnumber) },
  });
  return {
    algorithm: 'SHA-256',
    challenge: challenge.challenge,
    salt: challenge.salt,
    signature: challenge.signature,
    maxnumber,
  };
}

const SolutionSchema = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  number: z.int().check(z.minimum(0), z.maximum(LARGEST_MAX_NUMBER)),
  salt: z.string().check(z.minLength(1), z.maxLength(200)),
  signature: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});

export interface SolutionLedger {
  /** Records a solution as spent; false when it was spent before. */
  spend(challenge: string, expiresAt: Date): Promise<boolean>;
}

/**
 * True when the base64 JSON solution (X-Altcha header or `altcha` form field) is right, signed by us,
 * not expired, at least `atLeast` hard (its signed maxnumber), and not spent before. A solution is
 * good once.
 */
export async function acceptSolution(
  encoded: string | undefined,
  hmacKey: string,
  ledger: SolutionLedger,
  now: Date,
  atLeast: number,
): Promise<boolean> {
  if (!encoded || encoded.length > 2000) return false;
  let payload: z.infer<typeof SolutionSchema>;
  try {
    payload = SolutionSchema.parse(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')));
  } catch {
    return false;
  }
  const params = new URLSearchParams(payload.salt.split('?')[1] ?? '');
  const expires = Number(params.get('expires'));
  if (!Number.isFinite(expires) || expires * 1000 <= now.getTime()) return false;
  // Easier than the place asks for now (or from before challenges named their difficulty): ask again.
  const max = Number(params.get('max'));
  if (!Number.isFinite(max) || max < atLeast || payload.number > max) return false;
  // The clock port, not the wall clock, decides expiry; altcha-lib is asked only for the maths.
  if (!(await verifySolution(payload, hmacKey, false))) return false;
  return ledger.spend(payload.challenge, new Date(expires * 1000));
}
