package io.mongoelastic.benchmarks;

import java.util.List;

/**
 * One freshness run: latencies from the MongoDB write to the bulk response acknowledging the
 * change, by phase ({@link #phases}: the whole cold minute, the cold minute from its 10th second,
 * the steady state after it) and by 10-second stretch ({@link #timeline}).
 *
 * @param written changes written to MongoDB
 * @param tracked the changes timed (every {@code --freshness-sample}-th written while the clock
 *     ran; the last seconds' writes, made while the heap is sampled, are not timed)
 * @param seen tracked changes acknowledged by Elasticsearch
 * @param missing tracked changes (timed or not) Elasticsearch never acknowledged within the drain
 *     time after the writes stopped: any fails the run
 * @param targetRate the changes a second asked for; {@code achievedRate} is what was written
 */
record FreshnessResult(
    String label,
    long written,
    long tracked,
    long seen,
    long missing,
    int targetRate,
    double achievedRate,
    List<LatencyWindow> phases,
    List<LatencyWindow> timeline,
    double loadMean,
    double loadMax,
    double heapMiB,
    String note) {

  boolean failed() {
    return missing > 0 || phases.isEmpty();
  }

  FreshnessResult withLabelAndNote(String label, String extraNote) {
    return new FreshnessResult(
        label,
        written,
        tracked,
        seen,
        missing,
        targetRate,
        achievedRate,
        phases,
        timeline,
        loadMean,
        loadMax,
        heapMiB,
        extraNote == null ? note : note + "; " + extraNote);
  }

  static FreshnessResult failed(String label, String note) {
    return new FreshnessResult(
        label, 0, 0, 0, 0, 0, 0, List.of(), List.of(), Double.NaN, Double.NaN, -1, note);
  }
}
