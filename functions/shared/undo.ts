import { outcomeUnknown } from './faults';
import { errorName, log } from './log';

export type Undo = () => Promise<void>;

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

// Errors after which a write may or may not have landed: the request may have reached the table.
/**
 * The commit write of a `withUndo` block. When its outcome is unknown (a timeout, a reset connection,
 * a 5xx), `landed` reads it back: if it is there, or the read fails too, the earlier writes are kept
 * rather than undone — undoing what a stored record depends on (a duplicate slot, an idempotency record)
 * could let a retry store it twice, while a retry redoes the same conditional writes and converges on it.
 */
export async function commitWrite<T>(
  undo: Undo[],
  write: () => Promise<T>,
  landed: () => Promise<boolean>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (outcomeUnknown(error) && (await landed().catch(() => true))) {
      undo.length = 0;
      log.warn('commit write may have landed: earlier writes kept', { error: errorName(error) });
    }
    throw error;
  }
}
