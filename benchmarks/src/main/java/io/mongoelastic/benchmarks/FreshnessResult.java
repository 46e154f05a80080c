package io.mongoelastic.benchmarks;

/**
 * One freshness run: latencies from the MongoDB write to the bulk response acknowledging the
 * change.
 */
record FreshnessResult(
    String label,
    long operations,
    long observed,
    double achievedRate,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double maxMs,
    double heapMiB,
    String note) {

  FreshnessResult withLabelAndNote(String label, String extraNote) {
    return new FreshnessResult(
        label,
        operations,
        observed,
        achievedRate,
        p50Ms,
        p90Ms,
        p99Ms,
        maxMs,
        heapMiB,
        extraNote == null ? note : note + "; " + extraNote);
  }

  static FreshnessResult failed(String label, String note) {
    return new FreshnessResult(
        label, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, note);
  }
}
