package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A true mirror (issue 6): both connectors are stopped, documents are deleted, updated and inserted
 * in MongoDB, then the connectors start again with a resync forced through the REST extension.
 * Afterwards Elasticsearch equals MongoDB document for document, deletions included, and a count
 * through the alias every 50 ms during the resync only ever sees the old index or the new one.
 */
class ResyncEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int DOCUMENTS = 2_000;
  private static ConnectStack stack;
  private static ElasticsearchProbe elasticsearch;
  private static String elasticsearchUrl;

  @BeforeAll
  static void startWorker() {
    SharedServices.mongo();
    elasticsearchUrl = SharedServices.elasticsearch().url();
    elasticsearch = new ElasticsearchProbe(elasticsearchUrl);
    stack =
        ConnectStack.builder("e2e-resync")
            .workerProperty(
                "rest.extension.classes", "io.mongoelastic.common.rest.MongoElasticRestExtension")
            .start();
  }

  @AfterAll
  static void stopWorker() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void forcedResyncRemovesWhatWasDeletedWhileStoppedWithoutAHalfFilledIndex() throws Exception {
    resyncWhileStopped("one", 1, 1);
  }

  @Test
  void twoSinkTasksOverTwoPartitionsSwapOnceEveryPartitionEnded() throws Exception {
    resyncWhileStopped("two", 2, 2);
  }

  @Test
  void lostHistoryResyncsTheSameWayWithoutBeingAsked() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        SharedServices.mongo().isEmbedded(), "needs the embedded server's oplog trimming");
    resyncWhileStopped("lost", 1, 1);
  }

  /**
   * The collection is dropped and re-created with other documents while both connectors are
   * stopped: MongoDB sends no event for it, the source sees a new collection UUID and resyncs.
   */
  @Test
  void aCollectionReplacedWhileStoppedResyncsWithoutBeingAsked() throws Exception {
    resyncWhileStopped("replaced", 1, 1);
  }

  /**
   * Writes keep coming while a resync runs, and a second request arrives while the first one fills:
   * the newer snapshot wins, and the index behind the alias ends equal to MongoDB.
   */
  @Test
  void aSecondRequestDuringAResyncWithOngoingWritesEndsEqual() throws Exception {
    String database = "resync_busy_" + System.nanoTime();
    MongoCollection<Document> items =
        SharedServices.mongo().client().getDatabase(database).getCollection("items");
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      batch.add(new Document("_id", i).append("n", i).append("name", "item " + i));
    }
    items.insertMany(batch);
    String source = "resync-source-busy";
    String sink = "resync-sink-busy";
    String alias = "e2e." + database + ".items";
    stack.cluster().configureConnector(source, sourceConfig(database, 2, 2));
    stack.cluster().configureConnector(sink, sinkConfig(alias, 2));
    awaitMirror(items, alias);

    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; writing.get(); i++) {
                items.insertOne(new Document("_id", 20_000 + i).append("n", i));
                items.updateOne(Filters.eq("_id", (i * 7) % 6_000), Updates.inc("n", 1));
                items.deleteOne(Filters.eq("_id", (i * 13) % 6_000));
              }
            });
    writer.start();
    try {
      post(stack.restUrl() + "mongoelastic/connectors/" + source + "/resync");
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> "filling".equals(resyncState(alias).path("phase").asText()));
      String first = resyncState(alias).path("pending_snapshot_id").asText();
      post(stack.restUrl() + "mongoelastic/connectors/" + source + "/resync");
      // Superseded or completed first, the second request is the third generation.
      await()
          .atMost(Duration.ofMinutes(3))
          .until(
              () -> {
                JsonNode state = resyncState(alias);
                return "idle".equals(state.path("phase").asText())
                    && state.path("current_index").asText().endsWith("-000003");
              });
      JsonNode state = resyncState(alias);
      System.out.printf(
          "busy: first resync %s %s%n",
          first,
          state.path("abandoned_snapshot_ids").toString().contains(first)
              ? "was superseded"
              : "completed before the second request");
    } finally {
      writing.set(false);
      writer.join();
    }
    awaitMirror(items, alias);
    String current = physicalIndex(alias);
    ElasticsearchProbe.Reply indices =
        elasticsearch.get("/_cat/indices/" + alias + "-*?h=index&format=json");
    assertThat(indices.body().findValuesAsText("index"))
        .as("only the index behind the alias is left")
        .containsExactly(current);
    stack.cluster().deleteConnector(source);
    stack.cluster().deleteConnector(sink);
  }

  /**
   * Issue 17: a resync whose snapshot is slowed down (every read of the source blocked by a fail
   * point): changes made meanwhile are searchable through the alias (old index) before the snapshot
   * ends, and the new index ends equal to MongoDB, those changes included.
   */
  @Test
  void changesDuringASlowResyncAreSearchableBeforeItEndsAndLandInTheNewIndex() throws Exception {
    String database = "resync_slow_" + System.nanoTime();
    MongoCollection<Document> items = items(database, 600);
    String source = "resync-source-slow";
    String sink = "resync-sink-slow";
    String alias = "e2e." + database + ".items";
    String appName = "e2e-slow-" + System.nanoTime();
    startSlowSourceAndSink(database, source, sink, alias, appName);
    awaitMirror(items, alias);
    String firstIndex = physicalIndex(alias);
    blockSourceReads(appName, true);
    try {
      post(stack.restUrl() + "mongoelastic/connectors/" + source + "/resync");
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> "filling".equals(resyncState(alias).path("phase").asText()));
      items.updateOne(Filters.eq("_id", 5), Updates.set("name", "changed during the resync"));
      items.deleteOne(Filters.eq("_id", 7));
      items.insertOne(new Document("_id", 50_000).append("n", 1).append("name", "added"));
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  "changed during the resync"
                          .equals(
                              elasticsearch
                                  .get("/" + alias + "/_doc/5")
                                  .body()
                                  .path("_source")
                                  .path("name")
                                  .asText())
                      && elasticsearch.get("/" + alias + "/_doc/7").status() == 404
                      && elasticsearch.get("/" + alias + "/_doc/50000").status() == 200);
      assertThat(resyncState(alias).path("phase").asText())
          .as("the snapshot is still being read when the changes are searchable")
          .isEqualTo("filling");
      assertThat(physicalIndex(alias)).isEqualTo(firstIndex);
    } finally {
      blockSourceReads(appName, false);
    }
    // The old index already mirrors MongoDB through the dual writes: wait for the swap first.
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> {
              JsonNode state = resyncState(alias);
              return "idle".equals(state.path("phase").asText())
                  && !firstIndex.equals(state.path("current_index").asText());
            });
    assertThat(physicalIndex(alias)).isNotEqualTo(firstIndex);
    awaitMirror(items, alias);
    stack.cluster().deleteConnector(source);
    stack.cluster().deleteConnector(sink);
  }

  /**
   * The collection is dropped and re-created with other documents while a resync reads it slowly
   * (every read of the source blocked by a fail point): that snapshot is abandoned, never swapped
   * in, and a {@code collection_replaced} one fills the index that ends behind the alias, equal to
   * the new collection, with nothing of the old one left.
   */
  @Test
  void aCollectionReplacedDuringAResyncEndsEqualToTheNewCollection() throws Exception {
    String database = "resync_replaced_during_" + System.nanoTime();
    MongoCollection<Document> items = items(database, 600);
    String source = "resync-source-replaced-during";
    String sink = "resync-sink-replaced-during";
    String alias = "e2e." + database + ".items";
    String appName = "e2e-replaced-" + System.nanoTime();
    startSlowSourceAndSink(database, source, sink, alias, appName);
    awaitMirror(items, alias);
    // The initial snapshot ended: the next one filling is the resync.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> "idle".equals(resyncState(alias).path("phase").asText()));
    blockSourceReads(appName, true);
    String requested;
    try {
      post(stack.restUrl() + "mongoelastic/connectors/" + source + "/resync");
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> "filling".equals(resyncState(alias).path("phase").asText()));
      requested = resyncState(alias).path("pending_snapshot_id").asText();
      items.drop();
      List<Document> recreated = new ArrayList<>();
      for (int i = 300; i < 700; i++) {
        recreated.add(new Document("_id", i).append("n", -i).append("name", "recreated " + i));
      }
      items.insertMany(recreated);
    } finally {
      blockSourceReads(appName, false);
    }
    awaitMirror(items, alias);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> "idle".equals(resyncState(alias).path("phase").asText()));
    awaitMirror(items, alias);
    assertThat(resyncState(alias).path("abandoned_snapshot_ids").toString())
        .as("the resync that read both collections was never swapped in")
        .contains(requested);
    JsonNode status = JSON.readTree(get(stack.restUrl() + "mongoelastic/status"));
    Map<String, JsonNode> byName = new HashMap<>();
    status.path("connectors").forEach(c -> byName.put(c.path("name").asText(), c));
    assertThat(byName.get(source).path("lastSnapshots").findValuesAsText("reason"))
        .containsExactly("collection_replaced");
    stack.cluster().deleteConnector(source);
    stack.cluster().deleteConnector(sink);
  }

  /** {@code database.items} holding {@code count} documents. */
  private static MongoCollection<Document> items(String database, int count) {
    MongoCollection<Document> items =
        SharedServices.mongo().client().getDatabase(database).getCollection("items");
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(new Document("_id", i).append("n", i).append("name", "item " + i));
    }
    items.insertMany(batch);
    return items;
  }

  /**
   * Two source tasks reading 10 documents per chunk under their own {@code appName} (see {@link
   * #blockSourceReads}) and two resyncing sink tasks.
   */
  private static void startSlowSourceAndSink(
      String database, String source, String sink, String alias, String appName) {
    Map<String, String> config = sourceConfig(database, 2, 2);
    String uri = SharedServices.mongo().connectionString();
    config.put(
        "mongodb.uri",
        uri + (uri.contains("?") ? "&" : uri.endsWith("/") ? "?" : "/?") + "appName=" + appName);
    config.put("snapshot.fetch.size", "10");
    stack.cluster().configureConnector(source, config);
    stack.cluster().configureConnector(sink, sinkConfig(alias, 2));
  }

  /** Every find and getMore of the connector with {@code appName} waits 250 ms, or no more. */
  private static void blockSourceReads(String appName, boolean on) {
    Document command = new Document("configureFailPoint", "failCommand");
    if (on) {
      command
          .append("mode", "alwaysOn")
          .append(
              "data",
              new Document("failCommands", List.of("find", "getMore"))
                  .append("blockConnection", true)
                  .append("blockTimeMS", 250)
                  .append("appName", appName));
    } else {
      command.append("mode", "off");
    }
    SharedServices.mongo().client().getDatabase("admin").runCommand(command);
  }

  private static JsonNode resyncState(String alias) {
    ElasticsearchProbe.Reply reply = elasticsearch.get("/mongoelastic-resync-state/_doc/" + alias);
    return reply.status() == 200 ? reply.body().path("_source") : JSON.createObjectNode();
  }

  private void resyncWhileStopped(String label, int partitions, int tasks) throws Exception {
    String database = "resync_" + label + "_" + System.nanoTime();
    MongoCollection<Document> items =
        SharedServices.mongo().client().getDatabase(database).getCollection("items");
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      batch.add(new Document("_id", i).append("n", i).append("name", "item " + i));
    }
    items.insertMany(batch);
    String source = "resync-source-" + label;
    String sink = "resync-sink-" + label;
    String alias = "e2e." + database + ".items";
    stack.cluster().configureConnector(source, sourceConfig(database, partitions, tasks));
    stack.cluster().configureConnector(sink, sinkConfig(alias, tasks));
    awaitMirror(items, alias);
    String firstIndex = physicalIndex(alias);

    stack.cluster().stopConnector(source);
    stack.cluster().stopConnector(sink);
    stack.cluster().assertions().assertConnectorIsStopped(source, "source did not stop");
    stack.cluster().assertions().assertConnectorIsStopped(sink, "sink did not stop");
    if (label.equals("replaced")) {
      items.drop();
    }
    items.deleteMany(Filters.lt("_id", 200));
    items.updateMany(
        Filters.and(Filters.gte("_id", 200), Filters.lt("_id", 400)),
        Updates.set("name", "updated while stopped"));
    List<Document> added = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      added.add(new Document("_id", 10_000 + i).append("n", i).append("name", "added"));
    }
    items.insertMany(added);
    long before = DOCUMENTS;
    long after = items.countDocuments();

    String reason;
    if (label.equals("replaced")) {
      reason = "collection_replaced";
    } else if (label.equals("lost")) {
      // The stored stream position leaves the oplog: the source's default policy resyncs.
      SharedServices.mongo().embedded().trimOplog();
      reason = "history_lost";
    } else {
      JsonNode requested = post(stack.restUrl() + "mongoelastic/connectors/" + source + "/resync");
      assertThat(requested.path("snapshot.resync.request").asText()).isNotBlank();
      reason = "user_requested";
    }
    try (AliasPoller poller = new AliasPoller(elasticsearch, alias, Duration.ofMillis(50))) {
      stack.cluster().resumeConnector(sink);
      stack.cluster().resumeConnector(source);
      awaitMirror(items, alias);
      List<Long> counts = poller.stop();
      assertThat(poller.errors()).as("searches through the alias failed").isEmpty();
      assertThat(counts).as("counts seen through the alias").containsOnly(before, after);
      int swap = counts.indexOf(after);
      assertThat(counts.subList(0, swap)).as("old index until the swap").containsOnly(before);
      assertThat(counts.subList(swap, counts.size())).as("new after").containsOnly(after);
      assertThat(counts.subList(0, swap)).as("searches before the swap").isNotEmpty();
      System.out.printf(
          "%s: %d searches through the alias, %d saw the old index (%d documents), %d the new"
              + " (%d)%n",
          label, counts.size(), swap, before, counts.size() - swap, after);
    }
    assertThat(physicalIndex(alias)).isNotEqualTo(firstIndex);
    assertThat(elasticsearch.get("/" + firstIndex).status())
        .as("the old index is deleted")
        .isEqualTo(404);
    JsonNode status = JSON.readTree(get(stack.restUrl() + "mongoelastic/status"));
    Map<String, JsonNode> byName = new HashMap<>();
    status.path("connectors").forEach(c -> byName.put(c.path("name").asText(), c));
    assertThat(byName.get(source).path("lastSnapshots").findValuesAsText("reason"))
        .containsExactly(reason);
    // The sink records a reason it does not know (yet) as unspecified; it resyncs all the same.
    assertThat(byName.get(sink).path("resync").findValuesAsText("reason"))
        .containsExactly(label.equals("replaced") ? "unspecified" : reason);
    stack.cluster().deleteConnector(source);
    stack.cluster().deleteConnector(sink);
  }

  /** The one index the alias points to. */
  private static String physicalIndex(String alias) {
    ElasticsearchProbe.Reply reply = elasticsearch.get("/_alias/" + alias);
    assertThat(reply.status()).as("GET _alias/" + alias).isEqualTo(200);
    List<String> names = new ArrayList<>();
    reply.body().fieldNames().forEachRemaining(names::add);
    assertThat(names).hasSize(1);
    return names.get(0);
  }

  private static void awaitMirror(MongoCollection<Document> items, String index) {
    MirrorAssertions.awaitMirror(elasticsearch, items, index, Duration.ofMinutes(4));
  }

  private static Map<String, String> sourceConfig(String database, int partitions, int tasks) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.mongoelastic.source.MongoSourceConnector");
    config.put("tasks.max", Integer.toString(tasks));
    config.put("mongodb.uri", SharedServices.mongo().connectionString());
    config.put("mongodb.database", database);
    config.put("mongodb.collections", "items");
    config.put("topic.prefix", "e2e");
    config.put("kafka.admin.bootstrap.servers", stack.bootstrapServers());
    config.put("snapshot.chunk.size", "500");
    config.put("topic.creation.default.partitions", Integer.toString(partitions));
    config.put("topic.creation.default.replication.factor", "1");
    return config;
  }

  private static Map<String, String> sinkConfig(String topic, int tasks) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.mongoelastic.sink.ElasticsearchSinkConnector");
    config.put("tasks.max", Integer.toString(tasks));
    config.put("topics", topic);
    config.put("elasticsearch.urls", elasticsearchUrl);
    config.put("bulk.linger.ms", "200");
    config.put("resync.enabled", "true");
    config.put("resync.state.refresh.ms", "500");
    return config;
  }

  private static String get(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static JsonNode post(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST " + url + ": " + response.body()).isEqualTo(202);
    return JSON.readTree(response.body());
  }
}
