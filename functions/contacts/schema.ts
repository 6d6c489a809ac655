import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';

/** GET /api/contacts?area= */
export const ContactsQuerySchema = z.strictObject({ area: AreaCode });
