package io.mongoelastic.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The harness's own smoke test: each real component answers. */
class HarnessIT {

  @Test
  void elasticsearchIndexesAndCountsDocuments() {
    ElasticsearchProbe es = new ElasticsearchProbe(SharedServices.elasticsearch().url());
    es.delete("/harness-smoke");
    assertThat(es.put("/harness-smoke/_doc/1?refresh=true", "{\"a\":1}").status()).isEqualTo(201);
    assertThat(es.count("harness-smoke")).isEqualTo(1);
  }

  @Test
  void mongoAcceptsWritesThroughTheOfficialDriver() {
    MongoCollection<Document> docs =
        SharedServices.mongo().client().getDatabase("harness").getCollection("smoke");
    docs.drop();
    docs.insertOne(new Document("_id", 1).append("a", "b"));
    assertThat(docs.countDocuments()).isEqualTo(1);
  }

  @Test
  void connectWorkerServesItsRestApi() {
    try (ConnectStack stack =
        ConnectStack.builder("harness-smoke").pluginZips(java.util.List.of()).start()) {
      assertThat(stack.cluster().connectors()).isEmpty();
      assertThat(stack.restUrl()).startsWith("http://");
    }
  }
}
