package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.common.cli.WorkerPublicKeys;
import io.mongoelastic.common.crypto.KeyFiles;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.common.provider.ConfigDocumentWriter;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.HarnessPaths;
import io.mongoelastic.harness.MongoService;
import io.mongoelastic.harness.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline with the three packaged plugins on one worker: MongoDB → source → Kafka → sink
 * → Elasticsearch, with the MongoDB URI resolved from a value encrypted with the public key the
 * worker serves. Writes of every kind land before, during and after the snapshot, and the worker is
 * replaced once in each phase; at the end Elasticsearch holds exactly what MongoDB holds.
 */
class MirrorEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG_DOC = "mongo-source";
  private static ConnectStack stack;
  private static MongoService mongo;
  private static ElasticsearchProbe elasticsearch;
  private static String elasticsearchUrl;

  @BeforeAll
  static void startWorker() throws Exception {
    mongo = SharedServices.mongo();
    elasticsearchUrl = SharedServices.elasticsearch().url();
    elasticsearch = new ElasticsearchProbe(elasticsearchUrl);
    Files.createDirectories(HarnessPaths.workDir());
    Path keys = Files.createTempDirectory(HarnessPaths.workDir(), "e2e-keys-");
    KeyFiles.generate(keys, "worker");
    stack =
        ConnectStack.builder("e2e")
            .mongoElasticWorkerPlugins(elasticsearchUrl, keys, CONFIG_DOC)
            .workerProperty("config.providers.es.param.cache.ttl.ms", "0")
            .start();
  }

  @AfterAll
  static void stopWorker() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void elasticsearchEqualsMongoAfterWritesAndRestartsInEveryPhase() throws Exception {
    String database = "e2e_" + System.nanoTime();
    MongoCollection<Document> items = mongo.client().getDatabase(database).getCollection("items");
    List<ObjectId> ids = new ArrayList<>();
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      Document item = item(i);
      ids.add(item.getObjectId("_id"));
      batch.add(item);
    }
    items.insertMany(batch);

    storeEncryptedMongoUri();
    String topic = "e2e." + database + ".items";
    stack.cluster().configureConnector("e2e-source", sourceConfig(database));
    stack.cluster().configureConnector("e2e-sink", sinkConfig(topic));

    // During the snapshot: every kind of write, then a worker replaced mid-snapshot.
    writeEveryKind(items, ids, 0);
    replaceWorker();
    writeEveryKind(items, ids, 1);

    awaitMirror(items, topic);

    // Streaming: more writes, a worker replaced mid-stream, more writes.
    writeEveryKind(items, ids, 2);
    replaceWorker();
    writeEveryKind(items, ids, 3);

    awaitMirror(items, topic);
    String status = httpGet(stack.restUrl() + "mongoelastic/status");
    assertThat(JSON.readTree(status).path("connectors").toString()).contains("e2e-source");
  }

  private static Document item(int i) {
    return new Document("_id", new ObjectId())
        .append("n", i)
        .append("name", "item " + i)
        .append("tags", List.of("t" + (i % 7), "all"))
        .append("dims", new Document("w", i % 13).append("h", i % 17));
  }

  /** An insert, updates, a replace and deletes, on documents chosen by the round. */
  private static void writeEveryKind(
      MongoCollection<Document> items, List<ObjectId> ids, int round) {
    int base = 100 + round * 400;
    for (int i = 0; i < 50; i++) {
      items.insertOne(item(10_000 + round * 100 + i));
      items.updateOne(
          Filters.eq("_id", ids.get(base + i)),
          Updates.combine(Updates.set("name", "updated in round " + round), Updates.inc("n", 1)));
      items.replaceOne(
          Filters.eq("_id", ids.get(base + 100 + i)),
          new Document("replaced", true).append("round", round));
      items.deleteOne(Filters.eq("_id", ids.get(base + 200 + i)));
    }
    // A document written twice in a row: only the last state may remain.
    items.updateOne(Filters.eq("_id", ids.get(base + 300)), Updates.set("name", "first"));
    items.updateOne(Filters.eq("_id", ids.get(base + 300)), Updates.set("name", "second"));
  }

  private static void replaceWorker() {
    stack.cluster().removeWorker();
    stack.cluster().addWorker();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> stack.cluster().connectors().contains("e2e-source"));
  }

  private static void awaitMirror(MongoCollection<Document> items, String index) {
    MirrorAssertions.awaitMirror(elasticsearch, items, index, Duration.ofMinutes(5));
  }

  private static void storeEncryptedMongoUri() throws Exception {
    var publicKey = WorkerPublicKeys.fetch(stack.restUrl() + "mongoelastic/keys").get(0);
    try (ConfigDocumentWriter writer =
        ConfigDocumentWriter.create(
            ElasticsearchConnectionConfig.from(Map.of("elasticsearch.urls", elasticsearchUrl)),
            "mongoelastic-config",
            publicKey)) {
      writer.writeField(CONFIG_DOC, "mongodb.uri", mongo.connectionString(), true);
    }
  }

  private static Map<String, String> sourceConfig(String database) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.mongoelastic.source.MongoSourceConnector");
    config.put("tasks.max", "2");
    config.put("mongodb.uri", "${es:" + CONFIG_DOC + ":mongodb.uri}");
    config.put("mongodb.database", database);
    config.put("mongodb.collections", "items");
    config.put("topic.prefix", "e2e");
    config.put("kafka.admin.bootstrap.servers", stack.bootstrapServers());
    config.put("snapshot.chunk.size", "500");
    config.put("snapshot.fetch.size", "100");
    config.put("topic.creation.default.partitions", "3");
    config.put("topic.creation.default.replication.factor", "1");
    // Paced by the sink below: the snapshot waits for it while the writes during it flow.
    config.put("snapshot.pace.consumer.group", "connect-e2e-sink");
    config.put("snapshot.pace.max.lag.records", "500");
    return config;
  }

  private static Map<String, String> sinkConfig(String topic) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.mongoelastic.sink.ElasticsearchSinkConnector");
    config.put("tasks.max", "2");
    config.put("topics", topic);
    config.put("elasticsearch.urls", elasticsearchUrl);
    return config;
  }

  private static String httpGet(String url) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    return client
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
