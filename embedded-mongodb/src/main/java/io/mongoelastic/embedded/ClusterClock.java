package io.mongoelastic.embedded;

import java.time.Clock;

/**
 * Hands out BSON timestamps that strictly increase: the current second, and an increment that
 * restarts at 1 each new second. Not thread-safe; the change log calls it under its lock.
 */
final class ClusterClock {
  private final Clock clock;
  private long last;

  ClusterClock(Clock clock) {
    this.clock = clock;
    this.last = ((clock.millis() / 1000) << 32) | 1;
  }

  long next() {
    long seconds = clock.millis() / 1000;
    long lastSeconds = last >>> 32;
    if (seconds > lastSeconds) {
      last = (seconds << 32) | 1;
    } else {
      last = last + 1;
    }
    return last;
  }

  /** The latest timestamp handed out (or the start time before any). */
  long current() {
    return last;
  }

  long millis() {
    return clock.millis();
  }
}
