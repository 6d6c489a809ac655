import { createChallenge } from 'altcha-lib/v1';
import { type Challenge, solveChallenge } from '../../site/src/scripts/altcha';

/**
 * An ALTCHA solution as GET /api/challenge would issue it (its maxnumber signed in the salt as `max`)
 * and the page would solve it, made directly: the number is chosen, so nothing is searched.
 */
export async function solvedProof(
  hmacKey: string,
  now: Date,
  maxnumber: number,
  number = Math.floor(Math.random() * maxnumber),
): Promise<string> {
  const c = await createChallenge({
    algorithm: 'SHA-256',
    hmacKey,
    number,
    maxnumber,
    expires: new Date(now.getTime() + 5 * 60_000),
    params: { max: String(maxnumber) },
  });
  const solution = {
    algorithm: c.algorithm,
    challenge: c.challenge,
    number,
    salt: c.salt,
    signature: c.signature,
  };
  return Buffer.from(JSON.stringify(solution)).toString('base64');
}

/** Asks a running system for a challenge (for a place, if given) and solves it as the site's page does. */
export async function proofFrom(baseUrl: string, area?: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/challenge${area ? `?area=${encodeURIComponent(area)}` : ''}`, {
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`GET /api/challenge: ${res.status}`);
  const solution = await solveChallenge((await res.json()) as Challenge, globalThis.crypto.subtle);
  if (!solution) throw new Error('the challenge could not be solved');
  return solution;
}
