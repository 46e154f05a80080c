package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Issue 3's benchmark: the snapshot of one collection into Kafka and then a burst of streamed
 * changes, by our source and by the official MongoDB connector, side by side on the same data.
 */
final class SourceComparison {
  static final String SCENARIO = "source";
  static final String SNAPSHOT = "snapshot";
  static final String STREAMING = "streaming";
  static final String WARMUP = "snapshot warm-up, not counted";
  static final String OFFICIAL = "official connector";
  private static final String STREAM_DB = "streamdb";
  private final BenchmarkContext ctx;

  SourceComparison(BenchmarkContext ctx) {
    this.ctx = ctx;
  }

  static String ours(int tasks) {
    return "our source, tasks.max=" + tasks;
  }

  void run() {
    BenchmarkOptions options = ctx.options;
    // The first runs in a fresh runner JVM and embedded MongoDB were up to 40 % slower than later
    // ones (JIT of the broker, producer and server): whichever variant came first lost.
    for (int round = 1; round <= options.sourceWarmupRounds; round++) {
      snapshotRound("w" + round, variant -> new Measurement(SCENARIO, WARMUP, variant));
    }
    for (int rep = 1; rep <= options.repeat; rep++) {
      snapshotRound("r" + rep, variant -> ctx.measurement(SCENARIO, SNAPSHOT, variant));
    }
    if (!options.skipStreaming) {
      streamingRuns();
    }
  }

  /** One snapshot of the collection by each variant; {@code round} names its topics. */
  private void snapshotRound(String round, Function<String, Measurement> measurement) {
    String uri = ctx.snapshotMongo();
    for (int tasks : ctx.options.sourceTasks) {
      String prefix = "src-ours-t" + tasks + "-" + round;
      snapshot(
          measurement.apply(ours(tasks)),
          prefix,
          ConnectorConfigs.ourSource(
              uri,
              BenchmarkContext.DATABASE,
              BenchmarkContext.COLLECTION,
              prefix,
              tasks,
              "initial_only",
              ctx.stack.bootstrapServers()),
          tasks);
    }
    if (officialAvailable()) {
      String prefix = "src-official-" + round;
      snapshot(
          measurement.apply(OFFICIAL),
          prefix,
          ConnectorConfigs.officialSource(
              uri, BenchmarkContext.DATABASE, BenchmarkContext.COLLECTION, prefix, "copy_existing"),
          1);
    }
  }

  private void streamingRuns() {
    BenchmarkOptions options = ctx.options;
    // Streaming runs on a MongoDB of their own: a change stream reads the oplog, which should not
    // hold the million snapshot inserts.
    try (MongoProcess mongo = ctx.startMongo("stream");
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      for (int rep = 1; rep <= options.repeat; rep++) {
        String prefix = "stream-ours-r" + rep;
        streaming(
            ctx.measurement(SCENARIO, STREAMING, ours(1)),
            client,
            prefix,
            ConnectorConfigs.ourSource(
                mongo.connectionString(),
                STREAM_DB,
                "ours" + rep,
                prefix,
                1,
                options.streamSnapshotMode,
                ctx.stack.bootstrapServers()),
            "ours" + rep);
        if (officialAvailable()) {
          prefix = "stream-official-r" + rep;
          streaming(
              ctx.measurement(SCENARIO, STREAMING, OFFICIAL),
              client,
              prefix,
              ConnectorConfigs.officialSource(
                  mongo.connectionString(), STREAM_DB, "official" + rep, prefix, "latest"),
              "official" + rep);
        }
      }
    }
  }

  private boolean officialAvailable() {
    return ctx.officialInstalled && !ctx.options.skipOfficial;
  }

  private void snapshot(Measurement m, String prefix, Map<String, String> config, int tasks) {
    String topic = prefix + "." + BenchmarkContext.DATABASE + "." + BenchmarkContext.COLLECTION;
    String name = prefix;
    ctx.topics.create(topic, ctx.options.topicPartitions(tasks));
    long base = HeapSampler.settledHeap();
    Supplier<String> failure = ctx.failureOf(name);
    try (HeapSampler heap = HeapSampler.start(ctx.options.gcIntervalMs)) {
      CpuClock cpu = CpuClock.start(ctx.snapshotMongoProcess(), null, name);
      long[] firstRecord = {0};
      long start = System.nanoTime();
      ctx.connectors.create(name, config);
      long end =
          ctx.topics.awaitRecords(
              topic,
              ctx.options.docs,
              ctx.loadTimeout(),
              Duration.ofSeconds(ctx.options.sourceStallSeconds),
              () -> failure.get() != null,
              done -> {
                heap.progress(done, ctx.options.docs);
                if (done > 0 && firstRecord[0] == 0) {
                  firstRecord[0] = System.nanoTime();
                }
              });
      CpuClock.Reading used = cpu.read();
      heap.sample();
      long records = ctx.topics.records(topic);
      if (end < 0) {
        String why = failure.get();
        m.addFailure(
            String.format(
                "snapshot stopped at %,d of %,d records after %.0f s%s",
                records,
                ctx.options.docs,
                (System.nanoTime() - start) / 1e9,
                why == null
                    ? " (no progress for " + ctx.options.sourceStallSeconds + " s)"
                    : " — " + why));
        BenchmarkContext.log("%s / %s: FAILED %s", m.group, m.variant, m.notes);
        ctx.connectors.delete(name);
        BenchmarkContext.log("Restarting the embedded MongoDB: the failed run may still occupy it");
        ctx.discardSnapshotMongo();
      } else {
        long heapAdded = heap.peak() < 0 ? -1 : heap.peak() - base;
        m.addRun(ctx.options.docs, end - start, heapAdded);
        m.addCpu(ctx.options.docs, used);
        BenchmarkContext.log(
            "source / %s / %s: %,.0f docs/s (%.1f s, the first record after %.1f s, %,d records"
                + " in topic)%s; CPU/doc: %s",
            m.group,
            m.variant,
            ctx.options.docs / ((end - start) / 1e9),
            (end - start) / 1e9,
            (firstRecord[0] - start) / 1e9,
            records,
            heapAdded >= 0 ? String.format(", heap +%.0f MiB", heapAdded / 1048576.0) : "",
            CpuClock.describe(used, ctx.options.docs));
      }
    } catch (RuntimeException e) {
      m.addFailure(e.getMessage());
    } finally {
      ctx.connectors.delete(name);
      ctx.topics.delete(topic);
    }
  }

  /**
   * Opens the stream, checks one change arrives, pauses the connector, writes the burst of changes
   * (80 % inserts, 20 % updates), resumes, and times the catch-up from the resume to the last
   * record.
   */
  private void streaming(
      Measurement m, MongoClient client, String prefix, Map<String, String> config, String coll) {
    String topic = prefix + "." + STREAM_DB + "." + coll;
    String name = prefix;
    int changes = ctx.options.changes;
    MongoCollection<Document> collection = client.getDatabase(STREAM_DB).getCollection(coll);
    collection.drop();
    collection.insertOne(new Document("_id", "seed"));
    ctx.topics.create(topic, ctx.options.partitions);
    Supplier<String> failure = ctx.failureOf(name);
    long base = HeapSampler.settledHeap();
    try {
      ctx.connectors.create(name, config);
      if (!ctx.connectors.awaitRunning(name, 1, 120)) {
        m.addFailure("streaming: connector did not start — " + failure.get());
        return;
      }
      IndexAdmin.sleep(3_000);
      long before = ctx.topics.records(topic);
      collection.insertOne(new Document("_id", "probe").append("rev", 0));
      if (ctx.topics.awaitRecords(
              topic,
              before + 1,
              Duration.ofSeconds(60),
              Duration.ofSeconds(60),
              () -> false,
              done -> {})
          < 0) {
        m.addFailure(
            "streaming: a change written after start never reached the topic within 60 s"
                + (failure.get() == null ? "" : " — " + failure.get()));
        return;
      }
      IndexAdmin.sleep(1_000);
      ctx.connectors.pause(name);
      IndexAdmin.sleep(2_000);
      long baseline = ctx.topics.records(topic);
      long written = System.nanoTime();
      writeChanges(collection, changes);
      BenchmarkContext.log(
          "Wrote %,d changes while %s was paused in %.1f s",
          changes, name, (System.nanoTime() - written) / 1e9);
      try (HeapSampler heap = HeapSampler.start(ctx.options.gcIntervalMs)) {
        long start = System.nanoTime();
        ctx.connectors.resume(name);
        long end =
            ctx.topics.awaitRecords(
                topic,
                baseline + changes,
                ctx.loadTimeout(),
                Duration.ofSeconds(90),
                () -> failure.get() != null,
                done -> heap.progress(done - baseline, changes));
        heap.sample();
        if (end < 0) {
          m.addFailure(
              String.format(
                  "streaming stopped at %,d of %,d changes%s",
                  ctx.topics.records(topic) - baseline,
                  changes,
                  failure.get() == null ? " (no progress for 90 s)" : " — " + failure.get()));
          BenchmarkContext.log("%s / %s: FAILED %s", m.group, m.variant, m.notes);
        } else {
          long heapAdded = heap.peak() < 0 ? -1 : heap.peak() - base;
          m.addRun(changes, end - start, heapAdded);
          BenchmarkContext.log(
              "source / streaming / %s: %,.0f changes/s (%.1f s)",
              m.variant, changes / ((end - start) / 1e9), (end - start) / 1e9);
        }
      }
    } catch (RuntimeException e) {
      m.addFailure(e.getMessage());
    } finally {
      ctx.connectors.delete(name);
      ctx.topics.delete(topic);
    }
  }

  private static void writeChanges(MongoCollection<Document> collection, int changes) {
    List<WriteModel<Document>> batch = new ArrayList<>(1_000);
    int inserted = 0;
    for (int i = 0; i < changes; i++) {
      if (i % 5 == 4 && inserted > 0) {
        String id = DocumentGenerator.id((i * 7919L) % inserted);
        batch.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.inc("rev", 1)));
      } else {
        batch.add(new InsertOneModel<>(DocumentGenerator.bson(inserted++)));
      }
      if (batch.size() == 1_000) {
        collection.bulkWrite(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      collection.bulkWrite(batch);
    }
  }
}
