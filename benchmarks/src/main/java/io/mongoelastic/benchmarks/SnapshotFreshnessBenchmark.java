package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.ConnectStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Issue 17's benchmark: a snapshot of {@code --docs} documents while {@code --freshness-rate}
 * changes a second are made to the same collection, end to end (source, Kafka, sink,
 * Elasticsearch). Ours streams each range's changes while the range is read and, paced by the
 * sink's consumer group as the example configuration is, keeps the snapshot's backlog in Kafka
 * small, so a change is searchable during the copy; the freshness of the changes written during the
 * snapshot is reported with the same probe as the freshness scenario. Variants in the same run:
 * ours paced at the default settings and at tighter ones, ours not paced and, with {@code
 * --baseline-plugins}, an earlier build of the source (a second Connect stack, same sink), e.g. the
 * one before snapshots streamed. Throughput: the collection's documents / the time from RUNNING
 * until Elasticsearch holds the collection (the writes stop at the end-of-snapshot marker). Every
 * run ends with Elasticsearch holding exactly MongoDB's number of documents, or fails.
 */
final class SnapshotFreshnessBenchmark {
  static final String SCENARIO = "snapshot-freshness";
  static final String GROUP = "snapshot while changes are made";
  private static final int WARMUP_DOCS = 200_000;

  /** Settings of a paced run beside the pace group: the defaults, or tighter ones. */
  private record Pacing(Map<String, String> source, Map<String, String> sink) {
    static final Pacing DEFAULTS = new Pacing(Map.of(), Map.of());
    static final Pacing TIGHT =
        new Pacing(
            Map.of("snapshot.pace.max.lag.records", "20000", "snapshot.pace.interval.ms", "100"),
            Map.of("offset.commit.request.interval.ms", "100"));

    /**
     * Sized for 1 s of waiting, as snapshot.pace.max.lag.records' documentation says: the sink's
     * indexing rate here (about 5,000 documents/s) times 1 s; prompt readings and commit requests
     * (100 ms: 500 records of indexing, well under the maximum), and bulk requests of 1,000
     * actions, so that the two requests in flight hold 2,000 of the 5,000 records and the rest
     * keeps the sink busy while the commits travel back to the gate.
     */
    static final Pacing ONE_SECOND =
        new Pacing(
            Map.of("snapshot.pace.max.lag.records", "5000", "snapshot.pace.interval.ms", "100"),
            Map.of("offset.commit.request.interval.ms", "100", "bulk.max.actions", "1000"));

    String describe() {
      StringBuilder text = new StringBuilder();
      source.forEach(
          (k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append('=').append(v));
      sink.forEach((k, v) -> text.append(", sink ").append(k).append('=').append(v));
      return text.toString();
    }
  }

  private final BenchmarkContext ctx;
  private MongoProcess mongo;

  SnapshotFreshnessBenchmark(BenchmarkContext ctx) {
    this.ctx = ctx;
  }

  void run() {
    // A MongoDB of its own: each run loads its own collection (the shared snapshot MongoDB would
    // first load --docs documents nobody reads here).
    mongo = ctx.startMongo("snapshot-freshness");
    ConnectStack baseline = startBaseline();
    int rate = ctx.options.freshnessRate;
    try {
      // Untimed rounds first: each source build's classes are compiled in its own class loader, so
      // the first run of each would pay the JIT the others do not.
      int warmupDocs = Math.min(ctx.options.docs, WARMUP_DOCS);
      for (int round = 1; round <= ctx.options.e2eWarmupRounds; round++) {
        one(ctx.stack, null, "wo", rate, null, round, warmupDocs);
        if (baseline != null) {
          one(baseline, null, "wb", rate, null, round, warmupDocs);
        }
      }
      int docs = ctx.options.docs;
      Set<String> variants = ctx.options.snapshotVariants;
      for (int rep = 1; rep <= ctx.options.repeat; rep++) {
        String changes = ", " + rate + " changes/s";
        if (variants.contains("defaults")) {
          one(ctx.stack, "ours, paced (defaults)" + changes, "p", rate, Pacing.DEFAULTS, rep, docs);
        }
        if (variants.contains("tight")) {
          one(
              ctx.stack,
              "ours, paced (" + Pacing.TIGHT.describe() + ")" + changes,
              "t",
              rate,
              Pacing.TIGHT,
              rep,
              docs);
        }
        if (variants.contains("one-second")) {
          one(
              ctx.stack,
              "ours, paced for 1 s (" + Pacing.ONE_SECOND.describe() + ")" + changes,
              "s",
              rate,
              Pacing.ONE_SECOND,
              rep,
              docs);
        }
        if (variants.contains("unpaced")) {
          one(ctx.stack, "ours, not paced" + changes, "u", rate, null, rep, docs);
        }
        if (baseline != null && variants.contains("baseline")) {
          one(baseline, "baseline build" + changes, "b", rate, null, rep, docs);
        }
      }
    } finally {
      if (baseline != null) {
        baseline.close();
      }
      mongo.close();
    }
  }

  /**
   * A second stack with the baseline source zip(s) and our sink, or null when none was given or the
   * baseline variant is not selected.
   */
  private ConnectStack startBaseline() {
    Path dir = ctx.options.baselinePlugins;
    if (dir == null || !ctx.options.snapshotVariants.contains("baseline")) {
      return null;
    }
    List<Path> zips = BenchmarkMain.zipsIn(dir);
    BenchmarkMain.zipsIn(ctx.options.plugins).stream()
        .filter(zip -> zip.getFileName().toString().contains("sink"))
        .forEach(zips::add);
    ConnectStack stack =
        ConnectStack.builder("bench-baseline")
            .pluginZips(zips)
            .workDir(ctx.work().resolve("connect-baseline").toAbsolutePath())
            .start();
    BenchmarkContext.log("Baseline stack with %s at %s", zips, stack.restUrl());
    return stack;
  }

  /**
   * One snapshot of {@code docCount} documents; a null {@code label} is an untimed warm-up round,
   * reported nowhere.
   */
  private void one(
      ConnectStack stack,
      String label,
      String tag,
      int rate,
      Pacing pacing,
      int rep,
      int docCount) {
    boolean counted = label != null;
    if (!counted) {
      label = "warm-up (" + tag + ")";
    }
    Measurement m =
        counted
            ? ctx.measurement(SCENARIO, GROUP, label)
            : new Measurement(SCENARIO, "warm-up, not counted", label);
    String collection = "snap" + tag + rep;
    String prefix = "snapfresh-" + tag + rep;
    String topic = prefix + "." + BenchmarkContext.DATABASE + "." + collection;
    String index = topic;
    String source = prefix + "-source";
    String sink = prefix + "-sink";
    int tasks = ctx.options.scalingTasks.get(0);
    ConnectorControl connectors = new ConnectorControl(stack.cluster());
    Supplier<String> failure = BenchmarkContext.failureOf(connectors, source, sink);
    String uri = mongo.connectionString();
    try (MongoClient client = MongoClients.create(uri);
        KafkaTopics topics = new KafkaTopics(stack.bootstrapServers())) {
      long loadStart = System.nanoTime();
      MongoLoader.load(client, BenchmarkContext.DATABASE, collection, docCount);
      BenchmarkContext.log(
          "%s: loaded %,d documents in %.1f s",
          label, docCount, (System.nanoTime() - loadStart) / 1e9);
      MongoCollection<Document> docs =
          client.getDatabase(BenchmarkContext.DATABASE).getCollection(collection);
      topics.create(topic, ctx.options.topicPartitions(tasks));
      ctx.indices.delete(index);
      FreshnessProbe probe = new FreshnessProbe(docs, docCount, 1);
      AtomicLong ended = new AtomicLong(-1);
      try (BulkAckTap tap = new BulkAckTap(ctx.elasticsearch.url(), probe);
          KafkaArrivalTap arrivals =
              new KafkaArrivalTap(
                  stack.bootstrapServers(),
                  List.of(topic),
                  ctx.options.topicPartitions(tasks),
                  probe,
                  nanos -> ended.compareAndSet(-1, nanos))) {
        Map<String, String> sourceConfig =
            ConnectorConfigs.ourSource(
                uri,
                BenchmarkContext.DATABASE,
                collection,
                prefix,
                tasks,
                "initial",
                stack.bootstrapServers());
        if (pacing != null) {
          // As config-examples/mongodb-source.json: the snapshot waits while the sink lags.
          sourceConfig.put("snapshot.pace.consumer.group", "connect-" + sink);
          sourceConfig.putAll(pacing.source());
        }
        connectors.create(source, sourceConfig);
        Map<String, String> sinkConfig =
            ConnectorConfigs.ourSink(tap.url(), topic, index, tasks, true);
        if (pacing != null) {
          sinkConfig.putAll(pacing.sink());
        }
        connectors.create(sink, sinkConfig);
        if (!connectors.awaitRunning(source, tasks, 120)
            || !connectors.awaitRunning(sink, tasks, 120)) {
          m.addFailure(label + ": connectors did not start — " + failure.get());
          return;
        }
        long start = System.nanoTime();
        long timeout = ctx.loadTimeout().toSeconds();
        FreshnessResult changes = null;
        if (rate > 0) {
          changes =
              probe.duringSnapshot(
                  rate, (int) timeout, () -> ended.get() >= 0 || failure.get() != null, () -> "");
        }
        while (ended.get() < 0
            && failure.get() == null
            && System.nanoTime() - start < timeout * 1_000_000_000L) {
          IndexAdmin.sleep(50);
        }
        if (ended.get() < 0) {
          m.addFailure(
              label
                  + ": no end-of-snapshot marker"
                  + (failure.get() == null ? "" : " — " + failure.get()));
          return;
        }
        long readNanos = ended.get() - start;
        String equal = awaitEqual(docs, index, failure);
        long indexedNanos = System.nanoTime() - start;
        m.addRun(docCount, indexedNanos, -1);
        m.note(String.format("read (end marker in Kafka) after %.1f s", readNanos / 1e9));
        if (changes != null && counted) {
          ctx.freshness.add(changes.withLabelAndNote(SCENARIO + ": " + label, equal));
          LatencyWindow during = changes.phases().get(0);
          m.note(
              String.format(
                  "changes written during the snapshot: %,d (target %,d/s, achieved %,.0f/s),"
                      + " acknowledged p50 %.0f / p99 %.0f / max %.0f ms (of which write to Kafka"
                      + " p50 %.0f / p99 %.0f ms), %,d never acknowledged",
                  changes.written(),
                  changes.targetRate(),
                  changes.achievedRate(),
                  during.p50Ms(),
                  during.p99Ms(),
                  during.maxMs(),
                  during.inKafkaP50Ms(),
                  during.inKafkaP99Ms(),
                  changes.missing()));
          if (changes.failed()) {
            m.addFailure(label + ": " + changes.missing() + " changes never acknowledged");
          }
        }
        if (equal != null) {
          m.addFailure(label + ": " + equal);
        }
        BenchmarkContext.log(
            "%s: snapshot of %,d documents read in %.1f s, in Elasticsearch after %.1f s (%,.0f"
                + " docs/s)%s%s",
            label,
            docCount,
            readNanos / 1e9,
            indexedNanos / 1e9,
            docCount / (indexedNanos / 1e9),
            changes == null
                ? ""
                : String.format(
                    "; changes during it: p50 %.0f / p99 %.0f / max %.0f ms, in Kafka p50 %.0f"
                        + " / p99 %.0f ms",
                    changes.phases().get(0).p50Ms(),
                    changes.phases().get(0).p99Ms(),
                    changes.phases().get(0).maxMs(),
                    changes.phases().get(0).inKafkaP50Ms(),
                    changes.phases().get(0).inKafkaP99Ms()),
            equal == null ? "; Elasticsearch equals MongoDB" : "; " + equal);
      } finally {
        connectors.delete(source);
        connectors.delete(sink);
        ctx.indices.delete(index);
        topics.delete(topic);
        docs.drop();
      }
    } catch (RuntimeException e) {
      m.addFailure(label + ": " + e.getMessage());
    }
  }

  /**
   * Waits until the index holds as many documents as the collection (the writes stopped at the
   * end-of-snapshot marker, so the collection no longer changes; each count follows a refresh);
   * null when it does, else what differs.
   */
  private String awaitEqual(
      MongoCollection<Document> docs, String index, Supplier<String> failure) {
    long expected = docs.countDocuments();
    long deadline = System.nanoTime() + 180_000_000_000L;
    long count = -1;
    while (System.nanoTime() < deadline && failure.get() == null) {
      ctx.indices.probe().post("/" + index + "/_refresh", "{}");
      count = ctx.indices.probe().count(index);
      if (count == expected) {
        return null;
      }
      IndexAdmin.sleep(250);
    }
    return String.format(
        "Elasticsearch holds %,d documents, MongoDB %,d%s",
        count, expected, failure.get() == null ? "" : " — " + failure.get());
  }
}
