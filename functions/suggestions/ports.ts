import { errorName, log } from '../shared/log';
import type { Change, Suggestion } from './model';
import type { SuggestionStatus } from './schema';

/**
 * One list of suggestions, newest first: a commune's (filtered by box, or to the boxes at or under a
 * place) or the whole province's, optionally of one status.
 */
export interface ListScope {
  /** Undefined: the whole province (admins, and officers serving the province). */
  commune?: string;
  box?: string;
  /** Only boxes at this place or under it. */
  within?: string;
  status?: SuggestionStatus;
}

/** Per box, how many suggestions stand in each status, and how many came online or on paper. */
export type TallyDelta = Partial<Record<SuggestionStatus | 'online' | 'paper', number>>;

export type ChangeOutcome =
  | { changed: true; before: Suggestion; after: Suggestion }
  | { changed: false; current: Suggestion };

export interface SuggestionStore {
  get(id: string): Promise<Suggestion | undefined>;
  /** Several by id, those found, in no particular order. */
  getMany(ids: readonly string[]): Promise<Suggestion[]>;
  /** Stores a new suggestion unless one has its id (a replay); `requestHash` marks a keyed submission's body. */
  put(suggestion: Suggestion, requestHash?: string): Promise<'created' | 'exists'>;
  /** A consistent read of a stored suggestion's request hash ('' when sent without a key); undefined if absent. */
  storedRequestHash(id: string): Promise<string | undefined>;
  /** Undoes a put of ours that the rest of its request could not complete. */
  remove(id: string): Promise<void>;
  /** One conditional update (see `applies`); undefined when there is no such suggestion. */
  change(id: string, change: Change): Promise<ChangeOutcome | undefined>;
  /** Up to `limit` suggestions of a list, newest first, older than the list key `before`. */
  newest(scope: ListScope, options: { before?: string; limit: number }): Promise<Suggestion[]>;
  /** Adds to the box's counters (by status, online/paper); best effort, after the write it counts. */
  tally(box: Pick<Suggestion, 'box' | 'area' | 'commune'>, delta: TallyDelta): Promise<void>;
}

/** The counters are for the figures: a failed count is logged, never a failed request. */
export function tallyFailed(error: unknown): void {
  log.warn('suggestion counters not updated', { error: errorName(error) });
}
