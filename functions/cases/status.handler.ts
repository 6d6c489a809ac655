import * as z from 'zod/mini';
import { signedInRoute } from '../shared/http/route';
import { IdempotencyKeySchema } from '../shared/idempotency';
import { parseInput } from '../shared/validation';
import { changeStatus } from './change-status';
import { CaseParamsSchema, StatusChangeSchema } from './schema';
import { casePorts } from './wiring';

const ports = casePorts();
const KeyHeader = z.object({ idempotencyKey: z.optional(IdempotencyKeySchema) });

/** POST /api/officer/reports/{id}/status: moves the case on, with a reply to the resident or a note. */
export const handler = signedInRoute(
  { name: 'POST /api/officer/reports/{id}/status', params: CaseParamsSchema, body: StatusChangeSchema },
  async ({ identity, params, body, headers }) => {
    const { idempotencyKey } = parseInput(KeyHeader, { idempotencyKey: headers['idempotency-key'] });
    return { body: await changeStatus(identity, params.id, body, { idempotencyKey }, ports) };
  },
);
