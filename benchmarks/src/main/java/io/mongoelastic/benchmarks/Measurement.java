package io.mongoelastic.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Repeated runs of one figure (for example "sink / explicit / our sink"): throughput and added heap
 * per run, plus notes (failures, partial counts). Reports show medians and the spread.
 */
public final class Measurement {
  final String scenario;
  final String group;
  final String variant;
  final List<Double> docsPerSecond = new ArrayList<>();
  final List<Double> seconds = new ArrayList<>();
  final List<Double> heapMiB = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final List<Double> connectorCpuMicros = new ArrayList<>();
  final List<Double> workerCpuMicros = new ArrayList<>();
  final List<Double> mongoCpuMicros = new ArrayList<>();
  final List<Double> elasticsearchCpuMicros = new ArrayList<>();
  long docs;
  int failures;

  Measurement(String scenario, String group, String variant) {
    this.scenario = scenario;
    this.group = group;
    this.variant = variant;
  }

  void addRun(long docs, long elapsedNanos, long heapAddedBytes) {
    this.docs = docs;
    double secs = elapsedNanos / 1e9;
    seconds.add(secs);
    docsPerSecond.add(docs / secs);
    if (heapAddedBytes >= 0) {
      heapMiB.add(heapAddedBytes / (1024.0 * 1024.0));
    }
  }

  /**
   * CPU per document of one run, in microseconds: the connector's threads, the whole worker JVM and
   * MongoDB (negative nanoseconds: unknown).
   */
  void addCpu(long docs, long connectorNanos, long workerNanos, long mongoNanos) {
    connectorCpuMicros.add(connectorNanos / 1e3 / docs);
    if (workerNanos >= 0) {
      workerCpuMicros.add(workerNanos / 1e3 / docs);
    }
    if (mongoNanos >= 0) {
      mongoCpuMicros.add(mongoNanos / 1e3 / docs);
    }
  }

  /** CPU per document of one run, from a reading taken when its clock stopped. */
  void addCpu(long docs, CpuClock.Reading cpu) {
    addCpu(docs, cpu.connector(), cpu.jvm(), cpu.mongo());
    if (cpu.elasticsearch() >= 0) {
      elasticsearchCpuMicros.add(cpu.elasticsearch() / 1e3 / docs);
    }
  }

  void addFailure(String note) {
    failures++;
    note(note);
  }

  void note(String note) {
    if (note == null) {
      note = "(no message)";
    }
    if (note.length() > 400) {
      note = note.substring(0, 400) + "…";
    }
    if (!notes.contains(note)) {
      notes.add(note);
    }
  }

  boolean hasRuns() {
    return !docsPerSecond.isEmpty();
  }

  double medianRate() {
    return median(docsPerSecond);
  }

  double medianHeap() {
    return median(heapMiB);
  }

  /** Spread of the runs relative to the median; above 0.2 the report calls the figure noisy. */
  double spread() {
    if (docsPerSecond.size() < 2) {
      return 0;
    }
    return (Collections.max(docsPerSecond) - Collections.min(docsPerSecond)) / medianRate();
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
