package io.mongoelastic.benchmarks;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Latency percentiles of the changes written within one stretch of a freshness run, counted in
 * seconds from the moment both connectors were RUNNING.
 */
record LatencyWindow(
    String name,
    int fromSecond,
    int toSecond,
    int changes,
    double p50Ms,
    double p99Ms,
    double maxMs,
    double inKafkaP50Ms,
    double inKafkaP99Ms,
    double sentP99Ms) {

  static LatencyWindow of(
      String name, List<FreshnessSample> samples, int fromSecond, int toSecond) {
    long from = fromSecond * 1_000_000_000L;
    long to = toSecond * 1_000_000_000L;
    long[] acknowledged = sorted(samples, from, to, FreshnessSample::acknowledged);
    long[] sent = sorted(samples, from, to, FreshnessSample::sent);
    long[] inKafka = sorted(samples, from, to, FreshnessSample::inKafka);
    return new LatencyWindow(
        name,
        fromSecond,
        toSecond,
        acknowledged.length,
        percentile(acknowledged, 0.50),
        percentile(acknowledged, 0.99),
        acknowledged.length == 0 ? Double.NaN : acknowledged[acknowledged.length - 1] / 1e6,
        percentile(inKafka, 0.50),
        percentile(inKafka, 0.99),
        percentile(sent, 0.99));
  }

  /** The non-negative values of the samples written in [from, to), sorted. */
  private static long[] sorted(
      List<FreshnessSample> samples, long from, long to, ToLongFunction<FreshnessSample> value) {
    return samples.stream()
        .filter(s -> s.writtenAt() >= from && s.writtenAt() < to)
        .mapToLong(value)
        .filter(v -> v >= 0)
        .sorted()
        .toArray();
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
  }

  String span() {
    return fromSecond + "–" + toSecond + " s";
  }
}
