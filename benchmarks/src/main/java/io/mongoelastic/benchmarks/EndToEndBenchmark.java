package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Issue 8's benchmark: MongoDB → our source → Kafka → our sink → Elasticsearch. The snapshot of the
 * whole collection with dynamic mapping for each {@code tasks.max}, compared with the curl ceiling
 * of the same documents in the same run. Freshness under a steady change rate is its own scenario.
 */
final class EndToEndBenchmark {
  static final String SCENARIO = "e2e";
  static final String GROUP = "snapshot (dynamic mapping)";
  static final String WARMUP = "end-to-end warm-up, not counted";
  private final BenchmarkContext ctx;

  EndToEndBenchmark(BenchmarkContext ctx) {
    this.ctx = ctx;
  }

  static String variant(int tasks) {
    return "source+sink, tasks.max=" + tasks;
  }

  void run() {
    boolean ownCeiling =
        ctx.find(SinkComparison.SCENARIO, IndexMapping.DYNAMIC.label(), SinkComparison.CEILING)
            == null;
    String uri = ctx.snapshotMongo();
    // As in the other scenarios: the first runs of a fresh runner JVM and node pay their JITs.
    for (int round = 1; round <= ctx.options.e2eWarmupRounds; round++) {
      if (ownCeiling) {
        SinkComparison.runCeiling(
            ctx, new Measurement(SCENARIO, WARMUP, SinkComparison.CEILING), IndexMapping.DYNAMIC);
      }
      int tasks = ctx.options.scalingTasks.get(0);
      snapshot(uri, tasks, "w" + round, new Measurement(SCENARIO, WARMUP, variant(tasks)));
    }
    if (ownCeiling) {
      for (int rep = 1; rep <= ctx.options.repeat; rep++) {
        SinkComparison.runCeiling(ctx, SinkComparison.SCENARIO, IndexMapping.DYNAMIC);
      }
    }
    for (int rep = 1; rep <= ctx.options.repeat; rep++) {
      for (int tasks : ctx.options.scalingTasks) {
        snapshot(uri, tasks, "r" + rep, ctx.measurement(SCENARIO, GROUP, variant(tasks)));
      }
    }
  }

  /** Freshness under a steady change rate, once per sink setting asked for. */
  void runFreshness() {
    for (int rep = 1; rep <= ctx.options.repeat; rep++) {
      for (int lingerMs : ctx.options.freshnessLingerMs) {
        freshness(lingerMs, rep);
      }
    }
  }

  private void snapshot(String uri, int tasks, String round, Measurement m) {
    String prefix = "e2e-t" + tasks + "-" + round;
    String topic = prefix + "." + BenchmarkContext.DATABASE + "." + BenchmarkContext.COLLECTION;
    String index = topic;
    String source = prefix + "-source";
    String sink = prefix + "-sink";
    ctx.topics.create(topic, ctx.options.topicPartitions(tasks));
    ctx.indices.create(index, IndexMapping.DYNAMIC);
    long base = HeapSampler.settledHeap();
    Supplier<String> failure = ctx.failureOf(source, sink);
    try (HeapSampler heap = HeapSampler.start(ctx.options.gcIntervalMs)) {
      CpuClock cpu = ctx.cpuClock(true, source, sink);
      long start = System.nanoTime();
      ctx.connectors.create(
          source,
          ConnectorConfigs.ourSource(
              uri,
              BenchmarkContext.DATABASE,
              BenchmarkContext.COLLECTION,
              prefix,
              tasks,
              "initial",
              ctx.stack.bootstrapServers()));
      ctx.connectors.create(
          sink, ConnectorConfigs.ourSink(ctx.elasticsearch.url(), topic, index, tasks, true));
      long end = ctx.awaitIndexed(index, failure, heap);
      CpuClock.Reading used = cpu.read();
      CpuClock.Stages stages = cpu.stages(source, sink);
      heap.sample();
      if (end < 0) {
        m.addFailure(
            String.format(
                "tasks.max=%d: stopped at %,d of %,d documents (%,d records in Kafka)%s",
                tasks,
                ctx.indices.indexedOperations(index),
                ctx.options.docs,
                ctx.topics.records(topic),
                failure.get() == null ? " (no progress)" : " — " + failure.get()));
        BenchmarkContext.log("e2e tasks.max=%d FAILED: %s", tasks, m.notes);
        return;
      }
      long heapAdded = heap.peak() < 0 ? -1 : heap.peak() - base;
      ctx.connectors.delete(source);
      ctx.connectors.delete(sink);
      long count = ctx.indices.finish(index);
      if (count != ctx.options.docs) {
        m.addFailure(
            String.format(
                "tasks.max=%d: %,d of %,d documents searchable", tasks, count, ctx.options.docs));
        return;
      }
      m.addRun(ctx.options.docs, end - start, heapAdded);
      m.addCpu(ctx.options.docs, used);
      String byStage = CpuClock.describe(stages, used.elasticsearch(), ctx.options.docs);
      m.note("CPU per document by stage: " + byStage);
      BenchmarkContext.log(
          "e2e / %s / %s: %,.0f docs/s (%.1f s)%s; CPU/doc: %s; by stage: %s",
          m.group,
          m.variant,
          ctx.options.docs / ((end - start) / 1e9),
          (end - start) / 1e9,
          heapAdded >= 0 ? String.format(", heap +%.0f MiB", heapAdded / 1048576.0) : "",
          CpuClock.describe(used, ctx.options.docs),
          byStage);
    } catch (RuntimeException e) {
      m.addFailure(e.getMessage());
    } finally {
      ctx.connectors.delete(source);
      ctx.connectors.delete(sink);
      ctx.indices.delete(index);
      ctx.topics.delete(topic);
    }
  }

  /**
   * Freshness on a MongoDB of its own (an empty oplog) and an empty collection, with both
   * connectors at their defaults ({@code snapshot.mode}: {@link
   * BenchmarkOptions#streamSnapshotMode}, {@code initial} unless told otherwise) and the index
   * created by the sink. The sink talks to Elasticsearch through a {@link BulkAckTap}, which times
   * every acknowledgement; a {@link KafkaArrivalTap} times the arrival in Kafka. The steady change
   * rate starts as soon as both connectors are RUNNING.
   */
  private void freshness(int lingerMs, int rep) {
    // The first connectors of a runner JVM pay its JIT, as after a worker restart; later ones start
    // on a warm worker, as after a connector restart or a rebalance.
    String jvm = ctx.workerUsed ? "warm worker JVM" : "new worker JVM";
    ctx.workerUsed = true;
    String label =
        (lingerMs < 0 ? "defaults" : "sink bulk.linger.ms=" + lingerMs)
            + ", "
            + jvm
            + (ctx.options.freshnessExistingIndex ? ", existing index" : ", new index");
    // Names of their own per run: stored offsets of an earlier run must not apply to this one.
    String prefix = "fresh" + (lingerMs < 0 ? "d" : Integer.toString(lingerMs)) + "r" + rep;
    String database = "fresh";
    String collection = "docs";
    String topic = prefix + "." + database + "." + collection;
    String index = topic;
    String source = prefix + "-source";
    String sink = prefix + "-sink";
    Supplier<String> failure = ctx.failureOf(source, sink);
    try (MongoProcess mongo = ctx.startMongo("fresh");
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> docs = client.getDatabase(database).getCollection(collection);
      docs.drop();
      ctx.indices.delete(index);
      if (ctx.options.freshnessExistingIndex) {
        // Created first, so that it settles while the services warm up.
        ctx.indices.createAsSinkDoes(index);
      }
      long warmupStart = System.nanoTime();
      EnvironmentWarmup.run(
          client, ctx.elasticsearch.url(), ctx.options.freshnessEnvironmentWarmupSeconds);
      BenchmarkContext.log(
          "freshness: MongoDB and Elasticsearch warmed up in %.1f s",
          (System.nanoTime() - warmupStart) / 1e9);
      ctx.topics.create(topic, ctx.options.partitions);
      if (ctx.options.freshnessExistingIndex) {
        ctx.indices.awaitSearchIdle(index, Duration.ofSeconds(120));
      }
      long base = HeapSampler.settledHeap();
      FreshnessProbe probe = new FreshnessProbe(docs, 0, ctx.options.freshnessSampleEvery);
      try (BulkAckTap tap = new BulkAckTap(ctx.elasticsearch.url(), probe);
          KafkaArrivalTap arrivals =
              new KafkaArrivalTap(
                  ctx.stack.bootstrapServers(), topic, ctx.options.partitions, probe)) {
        ctx.connectors.create(
            source,
            ConnectorConfigs.ourSource(
                mongo.connectionString(),
                database,
                collection,
                prefix,
                1,
                ctx.options.streamSnapshotMode,
                ctx.stack.bootstrapServers()));
        Map<String, String> sinkConfig = ConnectorConfigs.ourSink(tap.url(), topic, index, 1, true);
        if (lingerMs >= 0) {
          sinkConfig.put("bulk.linger.ms", Integer.toString(lingerMs));
        }
        ctx.connectors.create(sink, sinkConfig);
        freshnessRun(label, source, sink, index, docs, probe, tap, base, failure);
      }
    } catch (RuntimeException e) {
      ctx.freshness.add(FreshnessResult.failed(label, "failed: " + e.getMessage()));
    } finally {
      ctx.connectors.delete(source);
      ctx.connectors.delete(sink);
      ctx.indices.delete(index);
      ctx.topics.delete(topic);
    }
  }

  private void freshnessRun(
      String label,
      String source,
      String sink,
      String index,
      MongoCollection<Document> docs,
      FreshnessProbe probe,
      BulkAckTap tap,
      long base,
      Supplier<String> failure) {
    if (!ctx.connectors.awaitRunning(source, 1, 120)
        || !ctx.connectors.awaitRunning(sink, 1, 120)) {
      ctx.freshness.add(
          FreshnessResult.failed(label, "connectors did not start — " + failure.get()));
      return;
    }
    // The clock starts now, with no probe write or warm-up first: the first minute after a start is
    // what users see after every deploy, restart and rebalance, and is reported as its own phase.
    long requestsBefore = tap.bulkRequests();
    long itemsBefore = tap.bulkItems();
    FreshnessResult result;
    try (IndexActivityTimeline timeline =
        new IndexActivityTimeline(ctx.indices.probe(), index, tap, 5)) {
      result =
          probe.run(
              ctx.options.freshnessRate,
              ctx.options.freshnessSeconds,
              ctx.options.freshnessColdSeconds,
              ctx.options.freshnessGoalFromSecond,
              ctx.options.gcIntervalMs,
              base,
              () -> {
                long requests = tap.bulkRequests() - requestsBefore;
                return String.format(
                    "%,d bulk requests of %.1f items on average",
                    requests,
                    requests == 0 ? 0.0 : (tap.bulkItems() - itemsBefore) / (double) requests);
              });
    }
    String why = failure.get();
    result = result.withLabelAndNote(label, why == null ? null : "connector failed: " + why);
    ctx.freshness.add(result);
    StringBuilder phases = new StringBuilder();
    for (LatencyWindow w : result.phases()) {
      phases.append(
          String.format(
              "; %s (%s) p50 %.1f / p99 %.1f / max %.1f ms",
              w.name(), w.span(), w.p50Ms(), w.p99Ms(), w.maxMs()));
    }
    BenchmarkContext.log(
        "freshness (%s): %,d changes at %.0f/s, %,d tracked, %,d seen, %,d missing, load %.2f%s; %s",
        label,
        result.written(),
        result.achievedRate(),
        result.tracked(),
        result.seen(),
        result.missing(),
        result.loadMean(),
        phases,
        result.note());
  }
}
