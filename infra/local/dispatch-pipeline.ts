/**
 * The local stand-in for the table stream's delivery of new reports to the dispatcher: a report is
 * started as soon as the gateway says it was stored (a nudge with its id), and a poll of the dispatch
 * queue finds any report written another way. Dispatches run side by side up to a cap, each started
 * as soon as a slot is free (never waiting for a batch), and one report is never started twice at
 * once in this process. A report whose dispatch failed is left to a later poll after a pause.
 */
export interface DispatchQueue {
  /** Report ids waiting in the dispatch queue, oldest first, at most `limit`. */
  pending(limit: number): Promise<string[]>;
  /** Dispatches one report; a rejection leaves it queued (logged by the caller's wrapper). */
  dispatch(id: string): Promise<unknown>;
}

export interface PipelineOptions {
  /** Dispatches in flight at most. */
  maxInFlight: number;
  /** The fallback poll's pause after each poll. */
  pollEveryMs: number;
  /** How long a report whose dispatch failed is left alone. */
  retryAfterMs: number;
  /** Reports nudged while every slot is taken (or while paused), kept in order; beyond this, polls find them. */
  maxWaiting?: number;
  /** Called when a poll fails (the loop goes on). */
  onPollError?(error: unknown): void;
}

/** A poll asks for no more than this, whatever the cap and the reports set aside. */
const MAX_POLL = 100;

export class DispatchPipeline {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Nudged ids not started yet, oldest first. */
  private readonly waiting = new Set<string>();
  /** Failed ids and when they may be tried again. */
  private readonly retryAt = new Map<string, number>();
  /** Ids finished while the current poll was out: its answer may still list them. */
  private finishedDuringPoll: Set<string> | undefined;
  /** Something may be queued that no nudge named: poll as soon as a slot is free. */
  private backlog = true;
  private pollAgain = false;
  private polling: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = true;
  private paused = false;

  constructor(
    private readonly queue: DispatchQueue,
    private readonly options: PipelineOptions,
  ) {
    this.pollSoon();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** A report was stored (its id when known): start it now, or as soon as a slot is free. */
  nudge(id?: string): void {
    if (!this.running) return;
    if (id === undefined || id === '') {
      this.backlog = true;
      this.pollSoon();
      return;
    }
    if (this.inFlight.has(id)) return;
    if (!this.paused && this.inFlight.size < this.options.maxInFlight) {
      this.start(id);
      return;
    }
    if (this.waiting.size < (this.options.maxWaiting ?? 10_000)) this.waiting.add(id);
    else this.backlog = true;
  }

  /** Starts nothing new until resume(); resolves when what was in flight has finished. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.settled();
  }

  resume(): void {
    if (!this.running || !this.paused) return;
    this.paused = false;
    this.backlog = true;
    this.fill();
  }

  /** Stops polling and starting; resolves when the poll and every dispatch in flight have finished. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.waiting.clear();
    await this.polling;
    await this.settled();
  }

  private async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  private start(id: string): void {
    this.waiting.delete(id);
    const run = this.queue
      .dispatch(id)
      .then(
        () => this.retryAt.delete(id),
        () => this.retryAt.set(id, Date.now() + this.options.retryAfterMs),
      )
      .then(() => {
        this.inFlight.delete(id);
        this.finishedDuringPoll?.add(id);
        this.fill();
      });
    this.inFlight.set(id, run);
  }

  /** Fills free slots: nudged reports first, then whatever a poll finds. */
  private fill(): void {
    if (!this.running || this.paused) return;
    for (const id of this.waiting) {
      if (this.inFlight.size >= this.options.maxInFlight) return;
      if (this.inFlight.has(id)) this.waiting.delete(id);
      else this.start(id);
    }
    if (this.backlog && this.inFlight.size < this.options.maxInFlight) this.pollSoon();
  }

  private pollSoon(): void {
    if (!this.running || this.paused) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.polling = this.poll().finally(() => {
      this.polling = undefined;
      if (this.pollAgain) {
        this.pollAgain = false;
        this.pollSoon();
      } else this.schedule();
    });
  }

  private schedule(): void {
    if (!this.running || this.paused || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pollSoon();
    }, this.options.pollEveryMs);
  }

  private async poll(): Promise<void> {
    const free = this.options.maxInFlight - this.inFlight.size;
    if (free <= 0) return;
    const now = Date.now();
    for (const [id, at] of this.retryAt) if (at <= now) this.retryAt.delete(id);
    // What is in flight or set aside is the oldest of the queue: ask for enough to see past it.
    const limit = Math.min(MAX_POLL, this.inFlight.size + this.retryAt.size + free);
    const finished = new Set<string>();
    this.finishedDuringPoll = finished;
    this.backlog = false;
    let listed: string[];
    try {
      listed = await this.queue.pending(limit);
    } catch (error) {
      this.finishedDuringPoll = undefined;
      this.backlog = true;
      this.options.onPollError?.(error);
      return;
    }
    this.finishedDuringPoll = undefined;
    // Listed by a read taken before they finished: not to be started again.
    const fresh = listed.filter((id) => !finished.has(id) && !this.inFlight.has(id) && !this.retryAt.has(id));
    for (const id of fresh) {
      if (!this.running || this.paused || this.inFlight.size >= this.options.maxInFlight) {
        this.backlog = true;
        break;
      }
      this.start(id);
    }
    // A full page may hide more behind it.
    if (listed.length >= limit) this.backlog = true;
  }
}
