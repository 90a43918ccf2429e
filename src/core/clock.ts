import type { Clock } from './ports.ts';

/** A clock tests can set and move. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string = '2026-11-25T03:00:00Z') {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(at: Date | string): void {
    this.#now = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}
