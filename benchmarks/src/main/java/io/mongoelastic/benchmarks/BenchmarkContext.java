package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The services one suite run shares, and the figures it collects. */
final class BenchmarkContext implements AutoCloseable {
  static final String DATABASE = "bench";
  static final String COLLECTION = "docs";

  final BenchmarkOptions options;
  final ElasticsearchNode elasticsearch;
  final IndexAdmin indices;
  final ConnectStack stack;
  final ConnectorControl connectors;
  final KafkaTopics topics;
  final boolean officialInstalled;
  final Map<String, Measurement> measurements = new LinkedHashMap<>();
  final List<FreshnessResult> freshness = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  /** Whether connectors already ran in this JVM (its worker code is compiled by then). */
  boolean workerUsed;

  private MongoProcess snapshotMongo;
  private MongoClient snapshotClient;

  BenchmarkContext(
      BenchmarkOptions options,
      ElasticsearchNode elasticsearch,
      ConnectStack stack,
      boolean officialInstalled) {
    this.options = options;
    this.elasticsearch = elasticsearch;
    this.indices = new IndexAdmin(elasticsearch.url());
    this.stack = stack;
    this.connectors = new ConnectorControl(stack.cluster());
    this.topics = new KafkaTopics(stack.bootstrapServers());
    this.officialInstalled = officialInstalled;
  }

  Measurement measurement(String scenario, String group, String variant) {
    return measurements.computeIfAbsent(
        scenario + "|" + group + "|" + variant, k -> new Measurement(scenario, group, variant));
  }

  Measurement find(String scenario, String group, String variant) {
    return measurements.get(scenario + "|" + group + "|" + variant);
  }

  /**
   * A CPU clock over Elasticsearch, this JVM, the given connectors' threads and, when {@code
   * withMongo}, the snapshot MongoDB.
   */
  CpuClock cpuClock(boolean withMongo, String... connectors) {
    return CpuClock.start(
        withMongo ? snapshotMongoProcess() : null,
        elasticsearch.process().orElse(null),
        connectors);
  }

  /** The MongoDB holding the snapshot collection, started and filled on first use. */
  synchronized String snapshotMongo() {
    if (snapshotMongo == null) {
      snapshotMongo = startMongo("snapshot");
      snapshotClient = MongoClients.create(snapshotMongo.connectionString());
      long started = System.nanoTime();
      MongoLoader.load(snapshotClient, DATABASE, COLLECTION, options.docs);
      log(
          "Loaded %,d documents into the embedded MongoDB in %.1f s",
          options.docs, (System.nanoTime() - started) / 1e9);
    }
    return snapshotMongo.connectionString();
  }

  /**
   * Stops the snapshot MongoDB; the next {@link #snapshotMongo()} starts and fills a new one. After
   * a failed run: the embedded server may still be busy answering the abandoned query, and would
   * then refuse the next scenario's connections.
   */
  synchronized void discardSnapshotMongo() {
    if (snapshotClient != null) {
      snapshotClient.close();
      snapshotClient = null;
    }
    if (snapshotMongo != null) {
      snapshotMongo.close();
      snapshotMongo = null;
    }
  }

  /** The process of {@link #snapshotMongo()}, for CPU accounting. */
  synchronized ProcessHandle snapshotMongoProcess() {
    return snapshotMongo == null ? null : snapshotMongo.handle();
  }

  MongoProcess startMongo(String name) {
    return startMongo(name, MongoProcess.Collector.THROUGHPUT);
  }

  MongoProcess startMongo(String name, MongoProcess.Collector collector) {
    return MongoProcess.start(
        options.mongoHeap, collector, work().resolve("logs/mongo-" + name + ".log"));
  }

  Path work() {
    return options.work;
  }

  Duration loadTimeout() {
    return Duration.ofSeconds(Math.max(600, options.docs / 400L));
  }

  /**
   * Waits until {@code index} has indexed every document of the run (see {@link
   * IndexAdmin#awaitIndexed}), giving {@code heap} its half-way sample on the way.
   */
  long awaitIndexed(String index, Supplier<String> failure, HeapSampler heap) {
    return indices.awaitIndexed(
        index,
        options.docs,
        loadTimeout(),
        () -> failure.get() != null,
        done -> heap.progress(done, options.docs));
  }

  Supplier<String> failureOf(String... connectorNames) {
    return failureOf(connectors, connectorNames);
  }

  /** The first failure reported by the status of the named connectors or their tasks, or null. */
  static Supplier<String> failureOf(ConnectorControl control, String... connectorNames) {
    return () -> {
      for (String name : connectorNames) {
        String failure = control.failure(name);
        if (failure != null) {
          return name + ": " + failure;
        }
      }
      return null;
    };
  }

  static void log(String format, Object... args) {
    System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
  }

  @Override
  public void close() {
    topics.close();
    if (snapshotClient != null) {
      snapshotClient.close();
    }
    if (snapshotMongo != null) {
      snapshotMongo.close();
    }
  }
}
