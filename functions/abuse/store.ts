import { createHash } from 'node:crypto';
import type { Store } from '../shared/store/client';
import { putNew } from '../shared/store/conditions';
import type { SolutionLedger } from './challenge';

/** Spent solutions: pk ALTCHA#<sha256 of the challenge>, kept until the challenge expires. */
export function dynamoSolutionLedger(store: Store): SolutionLedger {
  return {
    spend: async (challenge, expiresAt) => {
      const digest = createHash('sha256').update(challenge).digest('base64url');
      const spent = await putNew(store, {
        pk: `ALTCHA#${digest}`,
        sk: 'SPENT',
        type: 'altcha',
        expiresAt: Math.ceil(expiresAt.getTime() / 1000),
      });
      return spent === 'created';
    },
  };
}
