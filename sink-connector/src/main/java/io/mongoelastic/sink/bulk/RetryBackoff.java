package io.mongoelastic.sink.bulk;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of min(max, initial ×
 * 2^(n-1)), so tasks rejected together do not come back together.
 */
final class RetryBackoff {
  private final long initialMs;
  private final long maxMs;

  RetryBackoff(long initialMs, long maxMs) {
    this.initialMs = initialMs;
    this.maxMs = Math.max(initialMs, maxMs);
  }

  /** Milliseconds before retry number {@code attempt} (1 for the first retry). */
  long delayMs(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long ceiling = Math.min(maxMs, initialMs << shift);
    if (ceiling <= 0) {
      ceiling = maxMs;
    }
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
