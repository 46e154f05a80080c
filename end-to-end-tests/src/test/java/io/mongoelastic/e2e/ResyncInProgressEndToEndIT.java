package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.e2e.ResyncStack.Scenario;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resyncs while MongoDB keeps changing: writes during the snapshot, a second request, and (with the
 * snapshot slowed by a fail point on the source's reads) changes searchable before the swap and a
 * collection replaced mid-resync. Each ends with Elasticsearch equal to MongoDB.
 */
class ResyncInProgressEndToEndIT {
  private static ResyncStack stack;

  @BeforeAll
  static void startWorker() {
    stack = ResyncStack.start("e2e-resync-in-progress");
  }

  @AfterAll
  static void stopWorker() {
    if (stack != null) {
      stack.close();
    }
  }

  /**
   * Writes keep coming while a resync runs, and a second request arrives while the first one fills:
   * the newer snapshot wins, and the index behind the alias ends equal to MongoDB.
   */
  @Test
  void aSecondRequestDuringAResyncWithOngoingWritesEndsEqual() throws Exception {
    Scenario scenario = Scenario.create("busy", 6_000);
    MongoCollection<Document> items = scenario.items();
    String alias = scenario.alias();
    stack.startSourceAndSink(scenario, stack.sourceConfig(scenario.database(), 2, 2), 2);
    stack.awaitMirror(scenario);

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
      resyncUntilFilling(scenario);
      String first = stack.resyncState(alias).path("pending_snapshot_id").asText();
      stack.requestResync(scenario.source());
      // Superseded or completed first, the second request is the third generation.
      await()
          .atMost(Duration.ofMinutes(3))
          .until(
              () -> {
                JsonNode state = stack.resyncState(alias);
                return "idle".equals(state.path("phase").asText())
                    && state.path("current_index").asText().endsWith("-000003");
              });
      JsonNode state = stack.resyncState(alias);
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
    stack.awaitMirror(scenario);
    String current = stack.physicalIndex(alias);
    ElasticsearchProbe.Reply indices =
        stack.elasticsearch().get("/_cat/indices/" + alias + "-*?h=index&format=json");
    assertThat(indices.body().findValuesAsText("index"))
        .as("only the index behind the alias is left")
        .containsExactly(current);
    stack.deleteConnectors(scenario);
  }

  /**
   * Issue 17: a resync whose snapshot is slowed down (every read of the source blocked by a fail
   * point): changes made meanwhile are searchable through the alias (old index) before the snapshot
   * ends, and the new index ends equal to MongoDB, those changes included.
   */
  @Test
  void changesDuringASlowResyncAreSearchableBeforeItEndsAndLandInTheNewIndex() throws Exception {
    Scenario scenario = Scenario.create("slow", 600);
    MongoCollection<Document> items = scenario.items();
    String alias = scenario.alias();
    String appName = startSlowSourceAndSink(scenario);
    String firstIndex = stack.physicalIndex(alias);
    try (AutoCloseable blocked = blockSourceReads(appName)) {
      resyncUntilFilling(scenario);
      items.updateOne(Filters.eq("_id", 5), Updates.set("name", "changed during the resync"));
      items.deleteOne(Filters.eq("_id", 7));
      items.insertOne(new Document("_id", 50_000).append("n", 1).append("name", "added"));
      ElasticsearchProbe elasticsearch = stack.elasticsearch();
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
      assertThat(stack.resyncState(alias).path("phase").asText())
          .as("the snapshot is still being read when the changes are searchable")
          .isEqualTo("filling");
      assertThat(stack.physicalIndex(alias)).isEqualTo(firstIndex);
    }
    // The old index already mirrors MongoDB through the dual writes: wait for the swap first.
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> {
              JsonNode state = stack.resyncState(alias);
              return "idle".equals(state.path("phase").asText())
                  && !firstIndex.equals(state.path("current_index").asText());
            });
    assertThat(stack.physicalIndex(alias)).isNotEqualTo(firstIndex);
    stack.awaitMirror(scenario);
    stack.deleteConnectors(scenario);
  }

  /**
   * The collection is dropped and re-created with other documents while a resync reads it slowly
   * (every read of the source blocked by a fail point): that snapshot is abandoned, never swapped
   * in, and a {@code collection_replaced} one fills the index that ends behind the alias, equal to
   * the new collection, with nothing of the old one left.
   */
  @Test
  void aCollectionReplacedDuringAResyncEndsEqualToTheNewCollection() throws Exception {
    Scenario scenario = Scenario.create("replaced-during", 600);
    MongoCollection<Document> items = scenario.items();
    String alias = scenario.alias();
    String appName = startSlowSourceAndSink(scenario);
    // The initial snapshot ended: the next one filling is the resync.
    stack.awaitPhase(alias, "idle", Duration.ofMinutes(1));
    String requested;
    try (AutoCloseable blocked = blockSourceReads(appName)) {
      resyncUntilFilling(scenario);
      requested = stack.resyncState(alias).path("pending_snapshot_id").asText();
      items.drop();
      List<Document> recreated = new ArrayList<>();
      for (int i = 300; i < 700; i++) {
        recreated.add(new Document("_id", i).append("n", -i).append("name", "recreated " + i));
      }
      items.insertMany(recreated);
    }
    stack.awaitMirror(scenario);
    stack.awaitPhase(alias, "idle", Duration.ofMinutes(2));
    stack.awaitMirror(scenario);
    assertThat(stack.resyncState(alias).path("abandoned_snapshot_ids").toString())
        .as("the resync that read both collections was never swapped in")
        .contains(requested);
    Map<String, JsonNode> byName = stack.statusByConnector();
    assertThat(byName.get(scenario.source()).path("lastSnapshots").findValuesAsText("reason"))
        .containsExactly("collection_replaced");
    stack.deleteConnectors(scenario);
  }

  /** Requests a resync and waits until the sink fills the new index. */
  private static void resyncUntilFilling(Scenario scenario) throws Exception {
    stack.requestResync(scenario.source());
    stack.awaitPhase(scenario.alias(), "filling", Duration.ofMinutes(2));
  }

  /**
   * Two source tasks reading 10 documents per chunk under an {@code appName} of their own (see
   * {@link #blockSourceReads}) and two resyncing sink tasks, started and caught up with MongoDB.
   *
   * @return the source's {@code appName}
   */
  private static String startSlowSourceAndSink(Scenario scenario) {
    String appName = "e2e-" + scenario.source() + "-" + System.nanoTime();
    Map<String, String> config = stack.sourceConfig(scenario.database(), 2, 2);
    String uri = SharedServices.mongo().connectionString();
    config.put(
        "mongodb.uri",
        uri + (uri.contains("?") ? "&" : uri.endsWith("/") ? "?" : "/?") + "appName=" + appName);
    config.put("snapshot.fetch.size", "10");
    stack.startSourceAndSink(scenario, config, 2);
    stack.awaitMirror(scenario);
    return appName;
  }

  /**
   * Makes every find and getMore of the connector with {@code appName} wait 250 ms, until the
   * returned handle is closed.
   */
  private static AutoCloseable blockSourceReads(String appName) {
    MongoDatabase admin = SharedServices.mongo().client().getDatabase("admin");
    admin.runCommand(
        new Document("configureFailPoint", "failCommand")
            .append("mode", "alwaysOn")
            .append(
                "data",
                new Document("failCommands", List.of("find", "getMore"))
                    .append("blockConnection", true)
                    .append("blockTimeMS", 250)
                    .append("appName", appName)));
    return () ->
        admin.runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
  }
}
