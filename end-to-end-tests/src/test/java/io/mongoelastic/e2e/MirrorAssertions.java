package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.ElasticsearchProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * "Elasticsearch equals MongoDB, document for document", for collections keyed by ObjectId or int.
 */
final class MirrorAssertions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MirrorAssertions() {}

  /** Waits until the index (or alias) holds exactly the collection's documents. */
  static void awaitMirror(
      ElasticsearchProbe elasticsearch,
      MongoCollection<Document> collection,
      String index,
      Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(elasticsearchDocuments(elasticsearch, index))
                    .isEqualTo(mongoDocuments(collection)));
  }

  /** MongoDB's documents as JSON trees keyed by their Elasticsearch id, without {@code _id}. */
  static Map<String, JsonNode> mongoDocuments(MongoCollection<Document> collection)
      throws JsonProcessingException {
    Map<String, JsonNode> documents = new TreeMap<>();
    for (Document document : collection.find()) {
      Object id = document.get("_id");
      Map<String, Object> fields = new HashMap<>(document);
      fields.remove("_id");
      documents.put(
          id instanceof ObjectId objectId ? objectId.toHexString() : String.valueOf(id),
          JSON.readTree(JSON.writeValueAsString(fields)));
    }
    return documents;
  }

  static Map<String, JsonNode> elasticsearchDocuments(
      ElasticsearchProbe elasticsearch, String index) {
    Map<String, JsonNode> documents = new TreeMap<>();
    for (JsonNode hit : elasticsearch.allHits(index)) {
      documents.put(hit.path("_id").asText(), hit.path("_source"));
    }
    return documents;
  }
}
