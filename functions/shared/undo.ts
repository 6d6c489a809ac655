import { errorName, log } from './log';

type Undo = () => Promise<void>;

/**
 * Runs writes that must all happen or none, without transactions (dynalite has none): each write
 * that succeeds pushes the step that takes it back; on a failure the steps are run newest first, and
 * the failure goes up. An undo that fails itself is logged (by name only) and the others still run.
 */
export async function withUndo<T>(writes: (undo: Undo[]) => Promise<T>): Promise<T> {
  const undo: Undo[] = [];
  try {
    return await writes(undo);
  } catch (error) {
    for (const step of undo.reverse()) {
      await step().catch((undoError: unknown) =>
        log.error('could not undo a partial write', { error: errorName(undoError) }),
      );
    }
    throw error;
  }
}
