import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Clock } from '../../functions/shared/ports';

/**
 * The local clock: real time plus an offset that `POST /_local/clock` moves forward, kept in the
 * data folder so that a restart does not travel back in time.
 */
export class LocalClock implements Clock {
  private offsetMs: number;

  constructor(private readonly file: string) {
    this.offsetMs = existsSync(file) ? Number(JSON.parse(readFileSync(file, 'utf8')).offsetMs) || 0 : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(minutes: number): Date {
    this.offsetMs += Math.round(minutes * 60_000);
    writeFileSync(this.file, JSON.stringify({ offsetMs: this.offsetMs }));
    return this.now();
  }
}
