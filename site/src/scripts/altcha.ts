/**
 * Solves an ALTCHA v1 proof of work (GET /api/challenge): the number n ≤ maxnumber whose SHA-256 of
 * `salt + n`, in hex, is `challenge`. The answer goes back base64-encoded in the X-Altcha header.
 */
export interface Challenge {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber?: number;
}

export interface Digest {
  digest(algorithm: string, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

// Digests are asynchronous: hashing a batch at once keeps the event loop from idling between them.
const BATCH = 64;

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function solveChallenge(challenge: Challenge, subtle: Digest): Promise<string | undefined> {
  if (challenge.algorithm.toUpperCase() !== 'SHA-256') return undefined;
  const encoder = new TextEncoder();
  const max = challenge.maxnumber ?? 1_000_000;
  const target = challenge.challenge.toLowerCase();
  for (let start = 0; start <= max; start += BATCH) {
    const numbers: number[] = [];
    for (let n = start; n < start + BATCH && n <= max; n++) numbers.push(n);
    const digests = await Promise.all(
      numbers.map((n) => subtle.digest('SHA-256', encoder.encode(`${challenge.salt}${n}`))),
    );
    const found = digests.findIndex((d) => hex(d) === target);
    if (found >= 0) {
      const { algorithm, salt, signature } = challenge;
      const payload = { algorithm, challenge: challenge.challenge, number: numbers[found], salt, signature };
      return btoa(JSON.stringify(payload));
    }
  }
  return undefined;
}
