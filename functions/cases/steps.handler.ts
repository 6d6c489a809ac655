import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { CaseParamsSchema, StepTickSchema } from './schema';
import { tickStep } from './tick-step';

const ports = deps();

/** POST /api/officer/reports/{id}/steps: ticks or unticks a step of the case's playbook; answers the checklist. */
export const handler = signedInRoute(
  {
    name: 'POST /api/officer/reports/{id}/steps',
    params: CaseParamsSchema,
    body: StepTickSchema,
    limits: ports.limits,
  },
  async ({ identity, params, body, lang }) => ({
    body: await tickStep(identity, params.id, body, lang, ports),
  }),
);
