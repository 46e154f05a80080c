package io.mongoelastic.source.retry;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The schedule of one reader's retries: after each failure the next attempt waits twice as long as
 * the last (up to the policy's maximum); a success starts over. Never sleeps: the reader asks
 * {@link #waiting()} and skips its turn, so one failing collection does not hold up the others of
 * its task.
 */
public final class RetryBackoff {
  private final RetryPolicy policy;
  private final LongSupplier nanoClock;
  private int failures;
  private long firstFailureNanos;
  private long nextAttemptNanos;

  public RetryBackoff(RetryPolicy policy, LongSupplier nanoClock) {
    this.policy = policy;
    this.nanoClock = nanoClock;
  }

  /** Whether the next attempt must still wait. */
  public boolean waiting() {
    return failures > 0 && nanoClock.getAsLong() - nextAttemptNanos < 0;
  }

  /**
   * Records a failure and schedules the next attempt.
   *
   * @return the wait in milliseconds before the next attempt, or -1 when the policy's timeout has
   *     run out since the first failure of this run
   */
  public long failed() {
    long now = nanoClock.getAsLong();
    if (failures == 0) {
      firstFailureNanos = now;
    }
    failures++;
    if (!policy.retriesForever()
        && now - firstFailureNanos >= TimeUnit.MILLISECONDS.toNanos(policy.timeoutMs())) {
      return -1;
    }
    long delay = policy.initialBackoffMs();
    for (int i = 1; i < failures && delay < policy.maxBackoffMs(); i++) {
      delay *= 2;
    }
    delay = Math.min(delay, policy.maxBackoffMs());
    nextAttemptNanos = now + TimeUnit.MILLISECONDS.toNanos(delay);
    return delay;
  }

  /** A successful attempt: the next failure starts a new run. */
  public void succeeded() {
    failures = 0;
  }

  /** Failures in the current run. */
  public int failures() {
    return failures;
  }

  /** Milliseconds since the first failure of the current run; 0 without one. */
  public long failingForMs() {
    return failures == 0
        ? 0
        : TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - firstFailureNanos);
  }
}
