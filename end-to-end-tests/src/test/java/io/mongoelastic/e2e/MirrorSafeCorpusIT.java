package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #18's goal: a collection of hard but legal documents ({@link HardCorpus}) through source
 * and sink configured as {@code config-examples/} says (only addresses and names changed) lands in
 * Elasticsearch: at least 99 % of the documents indexed and searchable by their other fields, the
 * rest in the dead-letter topic with a reason, and no number losing precision.
 */
class MirrorSafeCorpusIT {
  private static final int DOCUMENTS = 3_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ConnectStack stack;
  private static ElasticsearchProbe elasticsearch;
  private static String elasticsearchUrl;

  @BeforeAll
  static void startWorker() {
    SharedServices.mongo();
    elasticsearchUrl = SharedServices.elasticsearch().url();
    elasticsearch = new ElasticsearchProbe(elasticsearchUrl);
    stack = ConnectStack.builder("e2e-corpus").start();
  }

  @AfterAll
  static void stopWorker() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void hardDocumentsAreIndexedWithTheirNumbersIntactOrDeadLetteredWithAReason() throws Exception {
    String database = "corpus_" + System.nanoTime();
    MongoCollection<Document> items =
        SharedServices.mongo().client().getDatabase(database).getCollection("items");
    items.insertMany(HardCorpus.documents(DOCUMENTS));
    String index = "corpus." + database + ".items";
    Map<String, String> sink = example("elasticsearch-sink.json");
    sink.put("topics.regex", "corpus\\." + database + "\\..*");
    sink.put("elasticsearch.urls", elasticsearchUrl);
    sink.put("errors.deadletterqueue.topic.name", "corpus-dlq");
    Map<String, String> source = example("mongodb-source.json");
    source.put("mongodb.uri", SharedServices.mongo().connectionString());
    source.put("mongodb.database", database);
    source.put("topic.prefix", "corpus");
    source.put("kafka.admin.bootstrap.servers", stack.bootstrapServers());
    source.put("snapshot.pace.consumer.group", "connect-corpus-sink");
    stack.cluster().configureConnector("corpus-source", source);
    stack.cluster().configureConnector("corpus-sink", sink);

    long[] landed = new long[2];
    await()
        .atMost(Duration.ofMinutes(8))
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              landed[0] = Math.max(0, elasticsearch.count(index));
              landed[1] = deadLetters("corpus-dlq").count();
              return landed[0] + landed[1] >= DOCUMENTS;
            });
    long indexed = landed[0];
    assertThat(indexed).as("indexed of %s", DOCUMENTS).isGreaterThanOrEqualTo(DOCUMENTS * 99 / 100);
    assertThat(indexed + landed[1]).isEqualTo(DOCUMENTS);
    for (ConsumerRecord<byte[], byte[]> dead : deadLetters("corpus-dlq")) {
      Header reason = dead.headers().lastHeader("__connect.errors.exception.message");
      assertThat(reason).as("reason of a dead letter").isNotNull();
      assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
    }

    // Searchable by their other fields: every indexed document by seq, and by a string field.
    assertThat(count(index, "{\"range\":{\"seq\":{\"gte\":0}}}")).isEqualTo(indexed);
    assertThat(count(index, "{\"term\":{\"corpus.keyword\":\"hard\"}}")).isEqualTo(indexed);

    // Doubles: mapped as double, exact in _source and to a term query (a float would match both
    // 0.1 and its next double).
    JsonNode mapping = elasticsearch.get("/" + index + "/_mapping").body();
    assertThat(mapping.findValue("num").path("type").asText()).isEqualTo("double");
    assertThat(mapping.findValue("big").path("type").asText()).isEqualTo("long");
    assertThat(mapping.findValue("at").path("type").asText()).isEqualTo("date");
    Map<Integer, Integer> bySeq = new HashMap<>();
    int[] perDouble = new int[HardCorpus.DOUBLES.length];
    long unindexed = 0;
    for (Iterator<JsonNode> hits = allSources(index); hits.hasNext(); ) {
      JsonNode doc = hits.next();
      int seq = doc.path("seq").asInt();
      bySeq.merge(seq, 1, Integer::sum);
      assertThat(Double.parseDouble(doc.path("num").asText()))
          .as("num of %s", seq)
          .isEqualTo(HardCorpus.DOUBLES[seq % HardCorpus.DOUBLES.length]);
      assertThat(doc.path("big").isIntegralNumber()).isTrue();
      assertThat(doc.path("big").bigIntegerValue().longValueExact())
          .as("big of %s", seq)
          .isEqualTo(HardCorpus.big(seq));
      perDouble[seq % HardCorpus.DOUBLES.length]++;
      if (doc.has("_mongoelastic")) {
        unindexed++;
        assertThat(doc.at("/_mongoelastic/unindexed").isArray()).isTrue();
      }
    }
    assertThat(bySeq).hasSize((int) indexed).allSatisfy((seq, n) -> assertThat(n).isEqualTo(1));
    for (int i = 0; i < HardCorpus.DOUBLES.length; i++) {
      assertThat(count(index, "{\"term\":{\"num\":" + HardCorpus.DOUBLES[i] + "}}"))
          .as("documents with num %s", HardCorpus.DOUBLES[i])
          .isEqualTo(perDouble[i]);
    }
    for (int seq : new int[] {1, 2, 999, DOCUMENTS - 1}) {
      assertThat(count(index, "{\"term\":{\"big\":" + HardCorpus.big(seq) + "}}"))
          .as("documents with big of %s", seq)
          .isEqualTo(bySeq.containsKey(seq) ? 1 : 0);
    }

    System.out.printf(
        "Corpus of %d: %d indexed (%d with fields kept unindexed), %d dead-lettered%n",
        DOCUMENTS, indexed, unindexed, landed[1]);

    // What Elasticsearch refused is kept, unindexed and marked: mixed arrays, metadata names.
    assertThat(unindexed).isPositive();
    assertThat(count(index, "{\"term\":{\"_mongoelastic.unindexed\":\"mixed\"}}"))
        .isGreaterThanOrEqualTo(DOCUMENTS / 5 - landed[1]);
    assertThat(count(index, "{\"term\":{\"_mongoelastic.unindexed\":\"_source\"}}")).isPositive();
    JsonNode mixed = firstSource(index, "{\"term\":{\"seq\":5}}");
    assertThat(mixed.at("/_mongoelastic/stored").toString())
        .contains("{\"path\":[\"mixed\"],\"value\":[1,{\"a\":1},\"s\"]}");
  }

  private static long count(String index, String query) {
    return elasticsearch
        .post("/" + index + "/_count", "{\"query\":" + query + "}")
        .body()
        .path("count")
        .asLong(-1);
  }

  private static JsonNode firstSource(String index, String query) {
    return elasticsearch
        .post("/" + index + "/_search", "{\"query\":" + query + "}")
        .body()
        .at("/hits/hits/0/_source");
  }

  /** Every document's source, without the 1 MiB strings. */
  private static Iterator<JsonNode> allSources(String index) {
    ElasticsearchProbe.Reply reply =
        elasticsearch.post(
            "/" + index + "/_search",
            "{\"size\":10000,\"_source\":{\"excludes\":[\"blob\"]},\"query\":{\"match_all\":{}}}");
    List<JsonNode> sources = new ArrayList<>();
    reply.body().path("hits").path("hits").forEach(hit -> sources.add(hit.path("_source")));
    return sources.iterator();
  }

  private static ConsumerRecords<byte[], byte[]> deadLetters(String topic) throws Exception {
    try {
      return stack.kafka().consumeAll(10_000, topic);
    } catch (Exception e) {
      return ConsumerRecords.empty(); // not created yet: nothing was dead-lettered
    }
  }

  /** A connector's config from config-examples/, as a user starts from it. */
  private static Map<String, String> example(String file) throws IOException {
    JsonNode config =
        JSON.readTree(Files.readString(Path.of("..", "config-examples", file))).path("config");
    Map<String, String> settings = new HashMap<>();
    config.fields().forEachRemaining(f -> settings.put(f.getKey(), f.getValue().asText()));
    return settings;
  }
}
