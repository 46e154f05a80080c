package io.mongoelastic.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Issue 4's benchmark: the same documents into the same node, for an explicit and a dynamic
 * mapping, by (a) curl of pre-built NDJSON (the node's ceiling), (b) a default BulkIngester and (c)
 * our sink connector reading them from a topic, once with {@code JsonConverter} values (parsed into
 * maps, written back to JSON) and once with {@code ByteArrayConverter} values (the JSON bytes pass
 * through).
 */
final class SinkComparison {
  static final String SCENARIO = "sink";
  static final String CEILING = "curl NDJSON (ceiling)";
  static final String INGESTER = "default BulkIngester";
  static final String OURS = "our sink";
  static final String OURS_BYTES = "our sink, ByteArrayConverter values";
  static final String WARMUP = "sink warm-up, not counted";
  private static final String TOPIC = "bench-sink-docs";
  private final BenchmarkContext ctx;

  SinkComparison(BenchmarkContext ctx) {
    this.ctx = ctx;
  }

  void run() {
    BenchmarkOptions options = ctx.options;
    long started = System.nanoTime();
    List<Path> files = NdjsonBatches.prepare(ctx.work(), options.docs, options.batchDocs);
    BenchmarkContext.log(
        "NDJSON batches ready (%d files) in %.1f s",
        files.size(), (System.nanoTime() - started) / 1e9);
    started = System.nanoTime();
    ctx.topics.create(TOPIC, options.topicPartitions(options.sinkTasks));
    TopicLoader.produce(ctx.stack.bootstrapServers(), TOPIC, options.docs);
    BenchmarkContext.log(
        "Produced %,d records to %s in %.1f s",
        options.docs, TOPIC, (System.nanoTime() - started) / 1e9);
    // Cold JITs cost the first runs up to 40 % (Elasticsearch's on the first curl load, the
    // worker's and the client's on the first sink runs): one untimed round of every variant first.
    IndexMapping warmupMapping =
        IndexMapping.valueOf(options.mappings.iterator().next().toUpperCase(Locale.ROOT));
    for (int round = 1; round <= options.sinkWarmupRounds; round++) {
      round(
          warmupMapping, "w" + round, files, variant -> new Measurement(SCENARIO, WARMUP, variant));
    }
    for (int rep = 1; rep <= options.repeat; rep++) {
      for (IndexMapping mapping : IndexMapping.values()) {
        if (options.mappings.contains(mapping.label())) {
          round(
              mapping,
              "r" + rep,
              files,
              variant -> ctx.measurement(SCENARIO, mapping.label(), variant));
        }
      }
    }
    ctx.topics.delete(TOPIC);
  }

  /** One run of each selected variant into {@code mapping}; {@code round} names the connectors. */
  private void round(
      IndexMapping mapping,
      String round,
      List<Path> files,
      Function<String, Measurement> measurement) {
    Set<String> variants = ctx.options.sinkVariants;
    if (variants.contains("ceiling")) {
      curl(measurement.apply(CEILING), mapping, files);
    }
    if (variants.contains("ingester")) {
      runIngester(measurement.apply(INGESTER), mapping);
    }
    if (variants.contains("json")) {
      runOurSink(measurement.apply(OURS), mapping, round, false);
    }
    if (variants.contains("bytes")) {
      runOurSink(measurement.apply(OURS_BYTES), mapping, round, true);
    }
  }

  /** The ceiling alone, for the end-to-end comparison when the sink scenario did not run. */
  static void runCeiling(BenchmarkContext ctx, String scenario, IndexMapping mapping) {
    runCeiling(ctx, ctx.measurement(scenario, mapping.label(), CEILING), mapping);
  }

  /** The ceiling alone, recorded in {@code m}. */
  static void runCeiling(BenchmarkContext ctx, Measurement m, IndexMapping mapping) {
    List<Path> files = NdjsonBatches.prepare(ctx.work(), ctx.options.docs, ctx.options.batchDocs);
    new SinkComparison(ctx).curl(m, mapping, files);
  }

  private void curl(Measurement m, IndexMapping mapping, List<Path> files) {
    String index = "bench-curl-" + mapping.label();
    ctx.indices.create(index, mapping);
    try {
      CpuClock cpu = ctx.cpuClock(false);
      long elapsed = CurlBulkLoader.load(ctx.elasticsearch.url(), index, files, 2);
      CpuClock.Reading used = cpu.read();
      confirm(m, index, elapsed, -1, used);
    } catch (RuntimeException e) {
      m.addFailure(e.getMessage());
    } finally {
      ctx.indices.delete(index);
    }
  }

  private void runIngester(Measurement m, IndexMapping mapping) {
    String index = "bench-ingester-" + mapping.label();
    ctx.indices.create(index, mapping);
    long base = HeapSampler.settledHeap();
    try (HeapSampler heap = HeapSampler.start(ctx.options.gcIntervalMs)) {
      CpuClock cpu = ctx.cpuClock(false);
      long elapsed =
          DefaultBulkIngesterLoader.load(ctx.elasticsearch.url(), index, ctx.options.docs);
      CpuClock.Reading used = cpu.read();
      heap.sample();
      confirm(m, index, elapsed, heap.peak() < 0 ? -1 : heap.peak() - base, used);
    } catch (RuntimeException e) {
      m.addFailure(e.getMessage());
    } finally {
      ctx.indices.delete(index);
    }
  }

  private void runOurSink(Measurement m, IndexMapping mapping, String round, boolean passThrough) {
    String index = "bench-sink-" + mapping.label();
    String name = "bench-sink-" + mapping.label() + (passThrough ? "-bytes-" : "-") + round;
    ctx.indices.create(index, mapping);
    long base = HeapSampler.settledHeap();
    Supplier<String> failure = ctx.failureOf(name);
    try (HeapSampler heap = HeapSampler.start(ctx.options.gcIntervalMs)) {
      CpuClock cpu = ctx.cpuClock(false, name);
      long start = System.nanoTime();
      java.util.Map<String, String> config =
          ConnectorConfigs.ourSink(
              ctx.elasticsearch.url(), TOPIC, index, ctx.options.sinkTasks, passThrough);
      ctx.connectors.create(name, config);
      long end = ctx.awaitIndexed(index, failure, heap);
      CpuClock.Reading used = cpu.read();
      heap.sample();
      if (end < 0) {
        String why = failure.get();
        m.addFailure(
            String.format(
                "%s: stopped at %,d of %,d documents%s",
                mapping.label(),
                ctx.indices.indexedOperations(index),
                ctx.options.docs,
                why == null ? " (no progress)" : " — " + why));
      } else {
        confirm(m, index, end - start, heap.peak() < 0 ? -1 : heap.peak() - base, used);
      }
    } catch (RuntimeException e) {
      m.addFailure(e.getMessage());
    } finally {
      ctx.connectors.delete(name);
      ctx.indices.delete(index);
    }
  }

  /** Counts the searchable documents after a refresh; records the run only when all are there. */
  private void confirm(
      Measurement m, String index, long elapsed, long heapAdded, CpuClock.Reading cpu) {
    long count = ctx.indices.finish(index);
    if (count != ctx.options.docs) {
      m.addFailure(
          String.format("%s: %,d of %,d documents searchable", index, count, ctx.options.docs));
      return;
    }
    m.addRun(ctx.options.docs, elapsed, heapAdded);
    m.addCpu(ctx.options.docs, cpu);
    BenchmarkContext.log(
        "%s / %s / %s: %,.0f docs/s (%.1f s)%s; CPU/doc: %s",
        m.scenario,
        m.group,
        m.variant,
        ctx.options.docs / (elapsed / 1e9),
        elapsed / 1e9,
        heapAdded >= 0 ? String.format(", heap +%.0f MiB", heapAdded / 1048576.0) : "",
        CpuClock.describe(cpu, ctx.options.docs));
  }
}
