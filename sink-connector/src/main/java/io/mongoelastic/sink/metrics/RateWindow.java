package io.mongoelastic.sink.metrics;

/** A sum over the last ten one-second buckets; thread-safe. */
final class RateWindow {
  private static final int BUCKETS = 10;
  private final long[] sums = new long[BUCKETS];
  private final long[] counts = new long[BUCKETS];
  private final long[] seconds = new long[BUCKETS];

  synchronized void record(long value) {
    int bucket = bucket(System.currentTimeMillis() / 1000);
    sums[bucket] += value;
    counts[bucket]++;
  }

  /** Sum per second over the window. */
  synchronized double ratePerSecond() {
    return total(true) / (double) BUCKETS;
  }

  /** Mean of the recorded values over the window; 0 when none. */
  synchronized double mean() {
    long now = System.currentTimeMillis() / 1000;
    long sum = 0;
    long count = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (now - seconds[i] < BUCKETS) {
        sum += sums[i];
        count += counts[i];
      }
    }
    return count == 0 ? 0 : sum / (double) count;
  }

  private long total(boolean sumsOnly) {
    long now = System.currentTimeMillis() / 1000;
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (now - seconds[i] < BUCKETS) {
        total += sumsOnly ? sums[i] : counts[i];
      }
    }
    return total;
  }

  private int bucket(long second) {
    int bucket = (int) (second % BUCKETS);
    if (seconds[bucket] != second) {
      seconds[bucket] = second;
      sums[bucket] = 0;
      counts[bucket] = 0;
    }
    return bucket;
  }
}
