/** Every time-based rule reads the time through a Clock, so tests and the local runtime can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that runs at real speed from a time someone set: the local runtime's `PUT /local/clock` lets a
 * demo jump months ahead while timestamps keep moving forward.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  set(now: Date): void {
    this.offsetMs = now.getTime() - Date.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }

  isAdjusted(): boolean {
    return this.offsetMs !== 0;
  }
}

/** A clock stopped at one instant, for tests. */
export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });
