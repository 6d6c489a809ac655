import { processLimiter } from '../shared/http/rate-limit';
import { once } from '../shared/once';
import { deps as suggestionDeps } from '../suggestions/deps';
import { deps as formDeps } from './deps';
import type { SendSuggestionFormPorts } from './send-suggestion';

/** The ports of POST /api/forms/suggestion: the suggestion intake's own, and the form's to send it back. */
export const deps = once((): SendSuggestionFormPorts => {
  const { intake, guard } = suggestionDeps();
  const { suggestionForm, limits } = formDeps();
  return {
    form: suggestionForm,
    submit: intake,
    guard,
    refusals: (client) => processLimiter.take('form-refused', client, limits.publicGetsPerMinute, Date.now()),
  };
});
