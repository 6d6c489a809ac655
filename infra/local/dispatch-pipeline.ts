/**
 * The local stand-in for the table stream's delivery of new reports to the dispatcher: a report is
 * started as soon as the gateway says it was stored (a nudge with its id), and a poll of the dispatch
 * queue finds any report written another way. Dispatches run side by side up to a cap, each started
 * as soon as a slot is free (never waiting for a batch), and one report is never started twice at
 * once in this process. A report whose dispatch failed is left to a later poll after a pause.
 *
 * High urgency first: a few slots (`reservedForHigh`) are only for high-urgency reports, waiting
 * high-urgency reports start before any waiting normal one, and a poll lists them first (the queue's
 * order). So a flood of normal reports never holds a high-urgency one back: it starts at once, or as
 * soon as one high-urgency dispatch ends. The urgency of a nudged report that must wait is read once.
 */
export interface DispatchQueue {
  /**
   * Reports waiting in the dispatch queue, high urgency first, then oldest, at most `limit`; only the
   * high-urgency ones when `highOnly`.
   */
  pending(limit: number, highOnly: boolean): Promise<{ id: string; high: boolean }[]>;
  /** Whether a waiting report is of high urgency (read when a nudge did not say and it must wait). */
  isHigh(id: string): Promise<boolean>;
  /** Dispatches one report; a rejection leaves it queued (logged by the caller's wrapper). */
  dispatch(id: string): Promise<unknown>;
}

export interface PipelineOptions {
  /** Dispatches in flight at most. */
  maxInFlight: number;
  /** Of those, slots only high-urgency reports may take (default an eighth, less than maxInFlight). */
  reservedForHigh?: number;
  /** Normal dispatches at most while more normal reports wait than there are slots (default an eighth). */
  floodSlots?: number;
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
  /** Nudged ids not started yet, by urgency, oldest first. */
  private readonly waitingHigh = new Set<string>();
  private readonly waitingNormal = new Set<string>();
  /** Nudged ids whose urgency is being read. */
  private readonly reading = new Set<string>();
  /** In-flight dispatches that may take only a slot of their own (normal urgency). */
  private readonly normalSlots: number;
  /** In-flight normal dispatches at most while normal reports wait for a slot. */
  private readonly floodSlots: number;
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
    const reserved = options.reservedForHigh ?? Math.floor(options.maxInFlight / 8);
    this.normalSlots = Math.max(1, options.maxInFlight - reserved);
    this.floodSlots = options.floodSlots ?? Math.max(1, Math.floor(options.maxInFlight / 8));
    this.pollSoon();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * A report was stored (its id when known, its urgency when the caller knows it): start it now, or
   * as soon as a slot it may take is free.
   */
  nudge(id?: string, high?: boolean): void {
    if (!this.running) return;
    if (id === undefined || id === '') {
      this.backlog = true;
      this.pollSoon();
      return;
    }
    if (this.inFlight.has(id) || this.isWaiting(id)) return;
    if (this.paused) {
      // Held, a nudge reads nothing: resume() polls the queue, which lists them most urgent first.
      // (Reading each one's urgency here cost the held intake a store read per report.)
      this.backlog = true;
      return;
    }
    if (this.hasSlot(high ?? false)) {
      this.start(id);
      return;
    }
    if (high !== undefined) {
      this.wait(id, high);
      return;
    }
    // It must wait: where depends on its urgency, read once.
    this.reading.add(id);
    void this.queue
      .isHigh(id)
      .catch(() => false)
      .then((isHigh) => {
        this.reading.delete(id);
        if (!this.running || this.inFlight.has(id)) return;
        this.wait(id, isHigh);
        this.fill();
      });
  }

  private isWaiting(id: string): boolean {
    return this.waitingHigh.has(id) || this.waitingNormal.has(id) || this.reading.has(id);
  }

  private wait(id: string, high: boolean): void {
    if (this.waitingHigh.size + this.waitingNormal.size < (this.options.maxWaiting ?? 10_000))
      (high ? this.waitingHigh : this.waitingNormal).add(id);
    else this.backlog = true;
  }

  /**
   * A slot free for a dispatch of this urgency: normal ones leave the reserved slots alone, and while
   * more normal reports wait than there are slots (a flood) they keep to an eighth of the slots. More of
   * them at once would not dispatch the flood faster — one store serves them all, one call after another —
   * but every call of a high-urgency report would wait behind theirs.
   */
  private hasSlot(high: boolean): boolean {
    if (high) return this.inFlight.size < this.options.maxInFlight;
    const flooded = this.waitingNormal.size > this.options.maxInFlight;
    return this.inFlight.size < (flooded ? Math.min(this.normalSlots, this.floodSlots) : this.normalSlots);
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
    this.waitingHigh.clear();
    this.waitingNormal.clear();
    await this.polling;
    await this.settled();
  }

  private async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  private start(id: string): void {
    this.waitingHigh.delete(id);
    this.waitingNormal.delete(id);
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

  /** Fills free slots: nudged reports first, high urgency before normal, then whatever a poll finds. */
  private fill(): void {
    if (!this.running || this.paused) return;
    for (const [waiting, high] of [
      [this.waitingHigh, true],
      [this.waitingNormal, false],
    ] as const) {
      for (const id of waiting) {
        if (!this.hasSlot(high)) break;
        if (this.inFlight.has(id)) waiting.delete(id);
        else this.start(id);
      }
    }
    // A poll on each freed slot only when a normal one could start: the timer's polls look for
    // high-urgency reports in the reserved slots.
    if (this.backlog && this.hasSlot(false)) this.pollSoon();
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
    // Only the reserved slots are free: only a high-urgency report may start.
    const highOnly = !this.hasSlot(false);
    const now = Date.now();
    for (const [id, at] of this.retryAt) if (at <= now) this.retryAt.delete(id);
    // What is in flight or set aside is the head of the queue: ask for enough to see past it.
    const limit = Math.min(MAX_POLL, this.inFlight.size + this.retryAt.size + free);
    const finished = new Set<string>();
    this.finishedDuringPoll = finished;
    // A poll of high urgency only leaves what else is queued for a later one.
    if (!highOnly) this.backlog = false;
    let listed: { id: string; high: boolean }[];
    try {
      listed = await this.queue.pending(limit, highOnly);
    } catch (error) {
      this.finishedDuringPoll = undefined;
      this.backlog = true;
      this.options.onPollError?.(error);
      return;
    }
    this.finishedDuringPoll = undefined;
    // Listed by a read taken before they finished: not to be started again.
    const fresh = listed.filter(
      ({ id }) => !finished.has(id) && !this.inFlight.has(id) && !this.retryAt.has(id),
    );
    for (const { id, high } of fresh) {
      if (!this.running || this.paused || !this.hasSlot(high)) {
        this.backlog = true;
        if (!high) break;
        continue;
      }
      this.start(id);
    }
    // A full page may hide more behind it.
    if (listed.length >= limit) this.backlog = true;
  }
}
