package io.mongoelastic.source.retry;

/**
 * How a reader retries transient MongoDB errors: waits that double from {@code initialBackoffMs} up
 * to {@code maxBackoffMs}, for at most {@code timeoutMs} after the first error of a run of failures
 * (negative: forever).
 */
public record RetryPolicy(long initialBackoffMs, long maxBackoffMs, long timeoutMs) {
  /** The first wait, unless the maximum is smaller. */
  public static final long INITIAL_BACKOFF_MS = 200;

  public static RetryPolicy of(long maxBackoffMs, long timeoutMs) {
    return new RetryPolicy(Math.min(INITIAL_BACKOFF_MS, maxBackoffMs), maxBackoffMs, timeoutMs);
  }

  public boolean retriesForever() {
    return timeoutMs < 0;
  }
}
