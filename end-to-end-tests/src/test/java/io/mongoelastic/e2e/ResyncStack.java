package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
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
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.bson.Document;

/**
 * The setup of the resync ITs: a Connect worker with the mongoelastic REST extension, the shared
 * MongoDB and Elasticsearch, a source and a resyncing sink per scenario, and the views of the
 * resync the tests assert on (the alias, the sink's resync state, the extension's status).
 */
final class ResyncStack implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ConnectStack stack;
  private final ElasticsearchProbe elasticsearch;
  private final String elasticsearchUrl;

  private ResyncStack(ConnectStack stack, String elasticsearchUrl) {
    this.stack = stack;
    this.elasticsearchUrl = elasticsearchUrl;
    this.elasticsearch = new ElasticsearchProbe(elasticsearchUrl);
  }

  /** Starts a worker named {@code name} beside the shared MongoDB and Elasticsearch. */
  static ResyncStack start(String name) {
    SharedServices.mongo();
    String elasticsearchUrl = SharedServices.elasticsearch().url();
    ConnectStack stack =
        ConnectStack.builder(name)
            .workerProperty(
                "rest.extension.classes", "io.mongoelastic.common.rest.MongoElasticRestExtension")
            .start();
    return new ResyncStack(stack, elasticsearchUrl);
  }

  EmbeddedConnectCluster cluster() {
    return stack.cluster();
  }

  ElasticsearchProbe elasticsearch() {
    return elasticsearch;
  }

  /**
   * One scenario's data and connectors: {@code resync_<label>_<n>.items} holding {@code documents}
   * documents, the alias the sink writes it to, and the names of the scenario's source and sink.
   */
  record Scenario(
      String database, MongoCollection<Document> items, String alias, String source, String sink) {
    static Scenario create(String label, int documents) {
      String database = "resync_" + label.replace('-', '_') + "_" + System.nanoTime();
      MongoCollection<Document> items =
          SharedServices.mongo().client().getDatabase(database).getCollection("items");
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        batch.add(new Document("_id", i).append("n", i).append("name", "item " + i));
      }
      items.insertMany(batch);
      return new Scenario(
          database,
          items,
          "e2e." + database + ".items",
          "resync-source-" + label,
          "resync-sink-" + label);
    }
  }

  Map<String, String> sourceConfig(String database, int partitions, int tasks) {
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

  Map<String, String> sinkConfig(String topic, int tasks) {
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

  /** Configures the scenario's source with {@code sourceConfig} and a resyncing sink. */
  void startSourceAndSink(Scenario scenario, Map<String, String> sourceConfig, int sinkTasks) {
    stack.cluster().configureConnector(scenario.source(), sourceConfig);
    stack.cluster().configureConnector(scenario.sink(), sinkConfig(scenario.alias(), sinkTasks));
  }

  void deleteConnectors(Scenario scenario) {
    stack.cluster().deleteConnector(scenario.source());
    stack.cluster().deleteConnector(scenario.sink());
  }

  /** Asks for a resync through the REST extension; returns its reply. */
  JsonNode requestResync(String source) throws Exception {
    String url = stack.restUrl() + "mongoelastic/connectors/" + source + "/resync";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST " + url + ": " + response.body()).isEqualTo(202);
    return JSON.readTree(response.body());
  }

  /** The connectors in the REST extension's {@code GET /mongoelastic/status}, by name. */
  Map<String, JsonNode> statusByConnector() throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.restUrl() + "mongoelastic/status")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, JsonNode> byName = new HashMap<>();
    JSON.readTree(body).path("connectors").forEach(c -> byName.put(c.path("name").asText(), c));
    return byName;
  }

  /** The sink's resync state document of the alias, empty before the sink wrote one. */
  JsonNode resyncState(String alias) {
    ElasticsearchProbe.Reply reply = elasticsearch.get("/mongoelastic-resync-state/_doc/" + alias);
    return reply.status() == 200 ? reply.body().path("_source") : JSON.createObjectNode();
  }

  /**
   * Waits until the sink's resync of the alias is in {@code phase} ({@code filling}, {@code idle}).
   */
  void awaitPhase(String alias, String phase, Duration timeout) {
    await().atMost(timeout).until(() -> phase.equals(resyncState(alias).path("phase").asText()));
  }

  /** The one index the alias points to. */
  String physicalIndex(String alias) {
    ElasticsearchProbe.Reply reply = elasticsearch.get("/_alias/" + alias);
    assertThat(reply.status()).as("GET _alias/" + alias).isEqualTo(200);
    List<String> names = new ArrayList<>();
    reply.body().fieldNames().forEachRemaining(names::add);
    assertThat(names).hasSize(1);
    return names.get(0);
  }

  /** Waits until the scenario's alias holds exactly its collection's documents. */
  void awaitMirror(Scenario scenario) {
    MirrorAssertions.awaitMirror(
        elasticsearch, scenario.items(), scenario.alias(), Duration.ofMinutes(4));
  }

  @Override
  public void close() {
    stack.close();
  }
}
