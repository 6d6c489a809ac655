import type { Area } from '../areas/model';
import { InvalidInput } from '../shared/errors';
import { metric } from '../shared/log';
import type { Clock } from '../shared/ports';
import { type SubmitOncePorts, type Submitted, submitOnce } from '../shared/submit-once';
import { type Box, filing, type Suggestion, tallyFailed } from './model';
import type { SuggestionInput } from './schema';
import type { SuggestionStore } from './store';

export interface SubmitSuggestionPorts extends SubmitOncePorts {
  boxes: { getBox(id: string): Promise<Box | undefined> };
  areas: { getArea(code: string): Promise<Area | undefined> };
  suggestions: Pick<SuggestionStore, 'put' | 'storedRequestHash' | 'tally'>;
  clock: Clock;
}

/**
 * POST /api/suggestions, stored once the way reports are (shared/submit-once.ts). Anonymous always:
 * nothing of the sender is taken, and nobody is texted now (the daily digest counts it).
 */
export async function submitSuggestion(
  input: SuggestionInput,
  request: {
    idempotencyKey?: string | undefined;
    admit?: () => Promise<void>;
    proofOffered?: boolean;
  },
  ports: SubmitSuggestionPorts,
): Promise<Submitted> {
  const { answer, created } = await submitOnce(
    { kind: 'suggestion', honeypot: input.website, ...request },
    async () => {
      const { box, area } = await checkBox(input.box, ports);
      const body = normalized(input);
      return {
        body,
        item: (id): Suggestion => ({
          id,
          kind: 'online',
          ...filing(box, area),
          text: body.text,
          ...(body.topic ? { topic: body.topic } : {}),
          status: 'received',
          createdAt: ports.clock.now().toISOString(),
          replies: [],
        }),
        store: ports.suggestions,
      };
    },
    ports,
  );
  // Counted once, by the request whose write created it; a lost count is the figures' only risk.
  if (created) {
    metric('SuggestionsReceived', 1);
    await ports.suggestions.tally(created, { received: 1, online: 1 }).catch(tallyFailed);
  }
  return answer;
}

async function checkBox(id: string, ports: SubmitSuggestionPorts): Promise<{ box: Box; area: Area }> {
  const box = await ports.boxes.getBox(id);
  const area = box ? await ports.areas.getArea(box.area) : undefined;
  if (!box || !area) throw new InvalidInput({ box: { key: 'field.unknown_box' } });
  return { box, area };
}

type Normalized = Pick<SuggestionInput, 'box' | 'text' | 'topic'>;

/** What the suggestion will hold: two bodies meaning the same suggestion are the same body. */
function normalized(input: SuggestionInput): Normalized {
  return { box: input.box, text: input.text, ...(input.topic ? { topic: input.topic } : {}) };
}
